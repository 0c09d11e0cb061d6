"""Django app configuration for openexpo.reports."""

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "openexpo.reports"
    label = "reports"
    default_auto_field = "django.db.models.BigAutoField"
