"""The forums domain app."""
