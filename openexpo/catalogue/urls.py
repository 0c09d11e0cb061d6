"""Page routes of the catalogue app."""

from django.urls import path

from openexpo.catalogue import views, views_manage

app_name = "catalogue"
urlpatterns = [
    path("", views.catalogue, name="search"),
    path("exhibits/<int:pk>/", views.exhibit_detail, name="exhibit"),
    path("exhibitors/", views.directory, name="directory"),
    path("companies/<int:pk>/", views.company_detail, name="company"),
    path("launches/", views.launches, name="launches"),
    path("launches.ics", views.launches_ics_view, name="launches_ics"),
    path("launches/<int:pk>/", views.launch_detail, name="launch"),
    path("quality/", views.quality, name="quality"),
    path("mine/", views_manage.my_exhibits, name="my_exhibits"),
    path("mine/new/<int:participation_id>/", views_manage.exhibit_new, name="exhibit_new"),
    path("mine/<int:pk>/", views_manage.exhibit_edit, name="exhibit_edit"),
    path("mine/<int:pk>/delete/", views_manage.exhibit_delete, name="exhibit_delete"),
    path("mine/<int:pk>/images/", views_manage.image_add, name="image_add"),
    path("mine/images/<int:pk>/delete/", views_manage.image_delete, name="image_delete"),
]
