"""Render: what each document says, in the project's language."""
