"""Slide decks: content → fitted layout → PPTX and PDF."""
