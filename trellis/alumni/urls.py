from django.urls import path

from trellis.alumni import portal_views, staff_views

app_name = "alumni"

urlpatterns = [
    # The alumnus's realm (portal session, no staff session).
    path("me/alumni/", portal_views.home_view, name="home"),
    path("me/alumni/follow-up/", portal_views.follow_up_view, name="follow_up"),
    path("me/alumni/follow-up/<uuid:pk>/done/", portal_views.follow_up_done_view, name="follow_up_done"),
    path("me/alumni/reconnect/", portal_views.reconnect_view, name="reconnect"),
    path("me/alumni/events/<uuid:pk>/reply/", portal_views.event_reply_view, name="event_reply"),
    # Staff.
    path("alumni/events/", staff_views.events_view, name="events"),
]
