from django.urls import path

from trellis.messaging import client_views, staff_views

app_name = "messaging"

urlpatterns = [
    # The client's realm (portal session, no staff login).
    path("me/messages/", client_views.threads_view, name="client_threads"),
    path("me/messages/new/", client_views.compose_view, name="client_compose"),
    path("me/messages/<uuid:pk>/", client_views.thread_view, name="client_thread"),
    # The care team's shared inbox.
    path("inbox/", staff_views.inbox_view, name="inbox"),
    path("inbox/<uuid:pk>/", staff_views.thread_view, name="thread"),
    path("inbox/<uuid:pk>/assign/", staff_views.assign_view, name="assign"),
    path("inbox/<uuid:pk>/close/", staff_views.close_view, name="close"),
    path("inbox/clients/<uuid:pk>/", staff_views.client_threads_view, name="client_messages"),
]
