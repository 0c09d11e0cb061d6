"""Webhooks: organisers subscribe URLs to key events; deliveries are signed, retried, logged."""
