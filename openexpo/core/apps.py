"""Django app configuration for openexpo.core."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "openexpo.core"
    label = "core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from openexpo.core import column_limits

        column_limits.connect()
