"""One django-ninja API: mounts each app's router under /api/."""
