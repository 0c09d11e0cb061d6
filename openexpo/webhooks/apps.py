"""Django app configuration for openexpo.webhooks."""

from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "openexpo.webhooks"
    label = "webhooks"
    default_auto_field = "django.db.models.BigAutoField"
