"""Django app configuration for openexpo.matchmaking."""

from django.apps import AppConfig


class MatchmakingConfig(AppConfig):
    name = "openexpo.matchmaking"
    label = "matchmaking"
    default_auto_field = "django.db.models.BigAutoField"
