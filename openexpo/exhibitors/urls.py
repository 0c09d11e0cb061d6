"""Page routes of the exhibitors app: self-service, review queue, import and export."""

from django.urls import path

from openexpo.exhibitors import import_views, review_views, views

app_name = "exhibitors"
urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("my/", views.dashboard, name="dashboard"),
    path("my/profile/", views.profile, name="profile"),
    path("apply/", views.apply, name="apply"),
    path("applications/<int:pk>/", views.application, name="application"),
    path("applications/<int:pk>/edit/", views.application_edit, name="application_edit"),
    path("applications/<int:pk>/<slug:verb>/", views.application_action, name="application_action"),
    path("review/", review_views.queue, name="review_queue"),
    path("review/bulk/", review_views.bulk, name="review_bulk"),
    path("review/<int:pk>/", review_views.detail, name="review_detail"),
    path("review/<int:pk>/ldc-grant/", review_views.ldc_grant, name="review_ldc_grant"),
    path("review/quota/<int:number>/", review_views.quota, name="review_quota"),
    path("import/", import_views.import_upload, name="import"),
    path("import/<int:job_id>/", import_views.import_confirm, name="import_confirm"),
    path("export/", import_views.export, name="export"),
]
