"""Django app configuration for openexpo.floorplan."""

from django.apps import AppConfig


class FloorplanConfig(AppConfig):
    name = "openexpo.floorplan"
    label = "floorplan"
    default_auto_field = "django.db.models.BigAutoField"
