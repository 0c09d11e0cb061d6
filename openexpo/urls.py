"""URL routes: the public site, each app's pages, the admin and the API."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from openexpo.api.main import api
from openexpo.reports import views as report_views

admin.site.site_header = "OpenExpo"
admin.site.site_title = "OpenExpo back office"

urlpatterns = [
    path("", report_views.home, name="home"),
    path("editions/<int:number>/", report_views.home, name="edition_home"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("exhibitors/", include("openexpo.exhibitors.urls")),
    path("floorplan/", include("openexpo.floorplan.urls")),
    path("visitors/", include("openexpo.visitors.urls")),
    path("catalogue/", include("openexpo.catalogue.urls")),
    path("matchmaking/", include("openexpo.matchmaking.urls")),
    path("deals/", include("openexpo.deals.urls")),
    path("forum/", include("openexpo.forums.urls")),
    path("reports/", include("openexpo.reports.urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
