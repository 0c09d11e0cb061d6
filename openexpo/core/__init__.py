"""The core domain app."""
