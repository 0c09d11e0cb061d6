"""Celery application: Redis in production, tasks run in-process when no broker is set."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openexpo.settings")

app = Celery("openexpo")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
