"""Django app configuration for openexpo.visitors."""

from django.apps import AppConfig


class VisitorsConfig(AppConfig):
    name = "openexpo.visitors"
    label = "visitors"
    default_auto_field = "django.db.models.BigAutoField"
