"""Consent pages, at /consents/ (config/urls.py)."""

from django.urls import path

from trellis.privacy import consent_views as views

app_name = "consents"
urlpatterns = [
    path("client/<uuid:client_pk>/new/", views.prepare_view, name="prepare"),
    path("client/<uuid:client_pk>/notice/", views.patient_notice_view, name="patient_notice"),
    path("<uuid:pk>/", views.detail_view, name="detail"),
    path("<uuid:pk>/sign/", views.sign_view, name="sign"),
    path("<uuid:pk>/signed/", views.signed_view, name="signed"),
    path("<uuid:pk>/revoke/", views.revoke_view, name="revoke"),
    path("<uuid:pk>/expiry-event/", views.expiry_event_view, name="expiry_event"),
    path("<uuid:pk>/pdf/", views.pdf_view, name="pdf"),
]
