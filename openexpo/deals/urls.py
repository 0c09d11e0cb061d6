"""Page routes of the deals app."""

from django.urls import path

from openexpo.deals import views

app_name = "deals"
urlpatterns: list = [
    path("", views.deal_list, name="list"),
    path("new/", views.deal_new, name="new"),
    path("rates/", views.rate_table, name="rates"),
    path("<int:pk>/", views.deal_detail, name="detail"),
    path("<int:pk>/confirm/", views.deal_confirm, name="confirm"),
    path("<int:pk>/dispute/", views.deal_dispute, name="dispute"),
    path("<int:pk>/decide/", views.deal_decide, name="decide"),
]
