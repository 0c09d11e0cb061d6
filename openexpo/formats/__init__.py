"""Locale format overrides (Django FORMAT_MODULE_PATH)."""
