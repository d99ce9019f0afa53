from django.urls import path

from trellis.programs import views

app_name = "programs"
urlpatterns = [
    path("", views.setup_view, name="setup"),
    path("programs/new/", views.program_form_view, name="program_new"),
    path("programs/<uuid:pk>/", views.program_form_view, name="program_edit"),
    path("programs/<uuid:program_pk>/tracks/new/", views.track_form_view, name="track_new"),
    path("programs/<uuid:program_pk>/tracks/<uuid:pk>/", views.track_form_view, name="track_edit"),
]
