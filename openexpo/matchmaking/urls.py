"""Page routes of the matchmaking app."""

from django.urls import path  # noqa: F401

app_name = "matchmaking"
urlpatterns: list = []
