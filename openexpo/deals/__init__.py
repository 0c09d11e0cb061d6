"""The deals domain app."""
