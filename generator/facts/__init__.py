"""Derive: every number a document states (counts, dates, distances, the budget), computed once."""
