"""The catalogue domain app."""
