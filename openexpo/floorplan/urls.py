"""Page routes of the floorplan app."""

from django.urls import path  # noqa: F401

app_name = "floorplan"
urlpatterns: list = []
