"""The matchmaking domain app."""
