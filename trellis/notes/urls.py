from django.urls import URLPattern, URLResolver, path

from trellis.notes import individual_views, views

app_name = "notes"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", individual_views.notes_list_view, name="list"),
    path("sessions/<uuid:session_pk>/", views.group_note_view, name="group_note"),
    path("sessions/<uuid:session_pk>/shared/", views.save_shared_view, name="save_shared"),
    path("sessions/<uuid:session_pk>/entries/<uuid:client_pk>/", views.save_entry_view, name="save_entry"),
    path("sessions/<uuid:session_pk>/sign/", views.sign_view, name="sign_group_note"),
    path("sessions/<uuid:session_pk>/addenda/", views.group_addendum_view, name="group_addendum"),
    path("sessions/<uuid:session_pk>/cosign/", views.group_cosign_view, name="group_cosign"),
    path("clients/<uuid:client_pk>/new/", individual_views.individual_new_view, name="individual_new"),
    path("individual/<uuid:pk>/", individual_views.individual_view, name="individual"),
    path("individual/<uuid:pk>/save/", individual_views.individual_save_view, name="individual_save"),
    path(
        "individual/<uuid:pk>/addenda/", individual_views.individual_addendum_view, name="individual_addendum"
    ),
    path("individual/<uuid:pk>/cosign/", individual_views.individual_cosign_view, name="individual_cosign"),
]
