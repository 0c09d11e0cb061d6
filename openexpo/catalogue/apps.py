"""Django app configuration for openexpo.catalogue."""

from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "openexpo.catalogue"
    label = "catalogue"
    default_auto_field = "django.db.models.BigAutoField"
