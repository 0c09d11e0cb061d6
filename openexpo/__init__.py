"""OpenExpo: a platform that runs a large international import expo end to end."""

from openexpo.celery import app as celery_app

__all__ = ["celery_app"]
