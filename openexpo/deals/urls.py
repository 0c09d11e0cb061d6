"""Page routes of the deals app."""

from django.urls import path  # noqa: F401

app_name = "deals"
urlpatterns: list = []
