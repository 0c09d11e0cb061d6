"""The visitors domain app."""
