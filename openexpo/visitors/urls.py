"""Page routes of the visitors app."""

from django.urls import path  # noqa: F401

app_name = "visitors"
urlpatterns: list = []
