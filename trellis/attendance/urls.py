from django.urls import path

from trellis.attendance import census_views, views

app_name = "attendance"
urlpatterns = [
    path("sessions/<uuid:pk>/", views.session_view, name="session"),
    path("sessions/<uuid:pk>/attendance/<uuid:client_pk>/", views.record_view, name="record"),
    path("sessions/<uuid:pk>/attendance/all-present/", views.mark_all_present_view, name="mark_all_present"),
    path(
        "sessions/<uuid:pk>/attendance/<uuid:client_pk>/telehealth/",
        views.confirm_telehealth_view,
        name="confirm_telehealth",
    ),
    path("census.csv", census_views.census_csv_view, name="census_csv"),
]

# Composed into the "clients" namespace by config/urls.py: the chart reads across the whole spine.
chart_urlpatterns = [
    path("<uuid:pk>/", views.chart_view, name="chart"),
    path("<uuid:pk>/timeline/", views.timeline_view, name="timeline"),
]
