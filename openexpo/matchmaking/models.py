"""matchmaking models (filled by its issue)."""
