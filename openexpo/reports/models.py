"""reports models (filled by its issue)."""
