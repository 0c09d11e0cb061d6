"""Django app configuration for openexpo.exhibitors."""

from django.apps import AppConfig


class ExhibitorsConfig(AppConfig):
    name = "openexpo.exhibitors"
    label = "exhibitors"
    default_auto_field = "django.db.models.BigAutoField"
