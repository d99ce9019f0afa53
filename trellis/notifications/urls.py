from django.urls import path

from trellis.notifications import views, webhooks

app_name = "notifications"

urlpatterns = [
    path("clients/<uuid:pk>/opt-in/", views.opt_in_view, name="opt_in"),
    path("clients/<uuid:pk>/wording/", views.wording_view, name="wording"),
    path("consents/<uuid:pk>/opt-out/", views.opt_out_view, name="opt_out"),
    path("settings/", views.settings_view, name="settings"),
    path("sms/status/", webhooks.sms_status_view, name="sms_status"),
    path("sms/inbound/", webhooks.sms_inbound_view, name="sms_inbound"),
]
