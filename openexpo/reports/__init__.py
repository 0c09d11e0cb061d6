"""The reports domain app."""
