"""Django app configuration for openexpo.deals."""

from django.apps import AppConfig


class DealsConfig(AppConfig):
    name = "openexpo.deals"
    label = "deals"
    default_auto_field = "django.db.models.BigAutoField"
