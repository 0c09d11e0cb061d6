"""Page routes of the floorplan app."""

from django.urls import path

from openexpo.floorplan import competitor_views, views

app_name = "floorplan"
urlpatterns = [
    path("<int:number>/", views.hall_index, name="hall_index"),
    path("hall/<int:hall_id>/", views.hall_map, name="hall_map"),
    path("booth/<int:participation_id>.svg", views.booth_map_svg, name="booth_svg"),
    path("<int:number>/plan/", views.plan_desk, name="plan_desk"),
    path("<int:number>/plan/allocate/", views.allocate, name="allocate"),
    path("<int:number>/plan/publish/", views.publish, name="publish"),
    path("<int:number>/plan/competitors/", competitor_views.competitors, name="competitors"),
    path(
        "<int:number>/plan/competitors/<int:pk>/remove/",
        competitor_views.competitor_remove,
        name="competitor_remove",
    ),
    path("<int:number>/plan/booths/", views.booth_draw, name="booth_draw"),
    path("booths/<int:booth_id>/edit/", views.booth_edit, name="booth_edit"),
    path("jobs/<int:job_id>/", views.job_progress, name="job_progress"),
]
