"""Management commands of the matchmaking app."""
