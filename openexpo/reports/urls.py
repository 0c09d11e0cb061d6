"""Page routes of the reports app: deal statistics, their exports and the press pack."""

from django.urls import path, re_path

from openexpo.reports import stats_views

app_name = "reports"
urlpatterns: list = [
    path("stats/", stats_views.stats_index, name="stats"),
    path("stats/<int:number>/", stats_views.stats_index, name="stats_edition"),
    path("stats/<int:number>/press.pdf", stats_views.stats_press, name="stats_press"),
    re_path(r"^stats/(?P<number>\d+)/(?P<key>[a-z_]+)\.(?P<fmt>csv|xlsx)$",
            stats_views.stats_export, name="stats_export"),
    path("stats/<int:number>/<slug:key>/", stats_views.stats_table, name="stats_table"),
]
