from django.urls import path

from trellis.episodes import discharge_views, release_views, views

app_name = "episodes"
urlpatterns = [
    path("tracks/", views.track_list_view, name="tracks"),
    path("tracks/<uuid:pk>/", views.track_roster_view, name="track_roster"),
    path("tracks/<uuid:pk>/enroll/", views.enroll_view, name="enroll"),
    path(
        "tracks/<uuid:pk>/waitlist/<uuid:entry_pk>/enroll/",
        views.enroll_from_waitlist_view,
        name="enroll_from_waitlist",
    ),
]

# Discharge with an aftercare plan.
urlpatterns += [
    path("episodes/<uuid:pk>/discharge/", discharge_views.discharge_view, name="discharge"),
    path(
        "episodes/<uuid:pk>/discharge/summary/",
        discharge_views.discharge_summary_view,
        name="discharge_summary",
    ),
    path("episodes/<uuid:pk>/discharge/pdf/", discharge_views.discharge_pdf_view, name="discharge_pdf"),
    path(
        "episodes/<uuid:pk>/discharge/release/",
        release_views.discharge_release_view,
        name="discharge_release",
    ),
    path("episodes/<uuid:pk>/discharge/referral/", release_views.referral_view, name="referral"),
]
