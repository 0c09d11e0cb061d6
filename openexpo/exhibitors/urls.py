"""Page routes of the exhibitors app."""

from django.urls import path  # noqa: F401

app_name = "exhibitors"
urlpatterns: list = []
