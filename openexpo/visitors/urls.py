"""Page routes of the visitors app."""

from django.urls import path

from openexpo.visitors import views

app_name = "visitors"
urlpatterns = [
    path("register/", views.register, name="register"),
    path("register/<int:number>/", views.register, name="register_edition"),
    path("badge/", views.my_badge, name="my_badge"),
    path("badge/<int:pk>/reissue/", views.badge_reissue, name="badge_reissue"),
    path("gates/", views.gate_list, name="gates"),
    path("gates/<int:number>/", views.gate_list, name="gates_edition"),
    path("gate/<int:number>/<slug:code>/", views.gate_page, name="gate"),
    path("occupancy/", views.occupancy_page, name="occupancy"),
    path("occupancy/<int:number>/", views.occupancy_page, name="occupancy_edition"),
    path("occupancy/<int:number>/live/", views.occupancy_fragment, name="occupancy_fragment"),
    path("delegations/<int:pk>/import/", views.delegation_import, name="delegation_import"),
]
