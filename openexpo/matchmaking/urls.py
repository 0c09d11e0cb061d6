"""Page routes of the matchmaking app."""

from django.urls import path

from openexpo.matchmaking import views

app_name = "matchmaking"
urlpatterns = [
    path("", views.home, name="home"),
    path("needs/<int:need_id>/", views.need_detail, name="need"),
    path("requests/", views.request_create, name="request_create"),
    path("requests/<int:request_id>/<str:verb>/", views.request_answer, name="request_answer"),
    path("dismiss/", views.dismiss, name="dismiss"),
    path("schedule.ics", views.schedule_ics, name="schedule_ics"),
    path("organiser/", views.organiser, name="organiser"),
]
