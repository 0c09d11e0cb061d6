"""Page routes of the forums app."""

from django.urls import path

from openexpo.forums import views, views_organiser

app_name = "forums"
urlpatterns: list = [
    path("", views.timetable, name="timetable"),
    path("day/<str:day>/", views.timetable, name="day"),
    path("room/<slug:room>/", views.timetable, name="room"),
    path("topic/<slug:topic>/", views.timetable, name="topic"),
    path("sessions/<int:pk>/", views.session_detail, name="session"),
    path("sessions/<int:pk>/session.ics", views.session_ics, name="session_ics"),
    path("sessions/<int:pk>/register/", views.register, name="register"),
    path("sessions/<int:pk>/agenda/", views.agenda_toggle, name="agenda_toggle"),
    path("registrations/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("subforums/<slug:code>/", views.subforum_detail, name="subforum"),
    path("subforums/<slug:code>/subforum.ics", views.subforum_ics, name="subforum_ics"),
    path("speakers/", views.speaker_list, name="speakers"),
    path("speakers/<slug:code>/", views.speaker_detail, name="speaker"),
    path("agenda/", views.agenda, name="agenda"),
    path("agenda/agenda.ics", views.agenda_ics, name="agenda_ics"),
    path("agenda/feed/<str:token>.ics", views.agenda_feed, name="agenda_feed"),
    path("organiser/conflicts/", views_organiser.conflicts, name="conflicts"),
    path("organiser/import/", views_organiser.programme_import_page, name="import"),
    path("organiser/no-shows/", views_organiser.noshows, name="noshows"),
]
