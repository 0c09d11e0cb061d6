"""The exhibitors domain app."""
