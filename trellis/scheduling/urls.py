from django.urls import path

from trellis.scheduling import appointment_views, calendar_views, client_views, views, workflow_views

app_name = "scheduling"
urlpatterns = [
    path("setup/tracks/<uuid:track_pk>/groups/new/", views.group_form_view, name="group_new"),
    path("scheduling/sites/<uuid:pk>/", workflow_views.site_schedule_view, name="site_schedule"),
    path("scheduling/sites/<uuid:pk>/propose/", workflow_views.propose_view, name="propose"),
    path("scheduling/proposals/<uuid:pk>/", workflow_views.proposal_view, name="proposal"),
    path("scheduling/proposals/<uuid:pk>/publish/", workflow_views.publish_view, name="publish"),
    path("scheduling/clients/<uuid:pk>/", client_views.client_schedule_view, name="client"),
    path("scheduling/clients/<uuid:pk>/print/", client_views.client_print_view, name="client_print"),
    path(
        "scheduling/clients/<uuid:pk>/commitments/", client_views.add_commitment_view, name="add_commitment"
    ),
    path(
        "scheduling/clients/<uuid:pk>/commitments/<uuid:commitment_pk>/remove/",
        client_views.remove_commitment_view,
        name="remove_commitment",
    ),
    path("scheduling/clients/<uuid:pk>/preference/", client_views.preference_view, name="preference"),
    path("scheduling/clients/<uuid:pk>/pins/", client_views.pin_view, name="pin"),
    path("scheduling/clients/<uuid:pk>/pins/<uuid:pin_pk>/remove/", client_views.unpin_view, name="unpin"),
    path("scheduling/clients/<uuid:pk>/phase/", client_views.step_view, name="step"),
    path(
        "scheduling/clients/<uuid:pk>/calendar-link/",
        client_views.client_feed_link_view,
        name="client_feed_link",
    ),
    path(
        "scheduling/clients/<uuid:pk>/calendar-link/off/",
        client_views.client_feed_off_view,
        name="client_feed_off",
    ),
    path(
        "scheduling/clients/<uuid:pk>/appointments/new/",
        appointment_views.appointment_new_view,
        name="appointment_new",
    ),
    path("scheduling/appointments/<uuid:pk>/", appointment_views.appointment_view, name="appointment"),
    path(
        "scheduling/appointments/<uuid:pk>/cancel/",
        appointment_views.appointment_cancel_view,
        name="appointment_cancel",
    ),
    path("scheduling/tracks/<uuid:pk>/week/", calendar_views.track_week_view, name="track_week"),
    path("scheduling/rooms/<uuid:pk>/week/", calendar_views.room_week_view, name="room_week"),
    path("scheduling/staff/<int:pk>/week/", calendar_views.staff_week_view, name="staff_week"),
    path("scheduling/me/", calendar_views.my_week_view, name="my_week"),
    path("scheduling/me/calendar-link/", calendar_views.my_feed_link_view, name="my_feed_link"),
    path("scheduling/me/calendar-link/off/", calendar_views.my_feed_off_view, name="my_feed_off"),
    path("scheduling/feeds/<str:token>.ics", calendar_views.feed_view, name="feed"),
]
