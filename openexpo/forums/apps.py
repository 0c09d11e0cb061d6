"""Django app configuration for openexpo.forums."""

from django.apps import AppConfig


class ForumsConfig(AppConfig):
    name = "openexpo.forums"
    label = "forums"
    default_auto_field = "django.db.models.BigAutoField"
