"""Django app configuration for openexpo.core."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "openexpo.core"
    label = "core"
    default_auto_field = "django.db.models.BigAutoField"
