from django.urls import path

from trellis.referrals import referral_views, views

app_name = "referrals"

urlpatterns = [
    path("directory/", views.directory_view, name="directory"),
    path("directory/new/", views.resource_new_view, name="resource_new"),
    path("directory/<uuid:pk>/", views.resource_edit_view, name="resource_edit"),
    path("directory/<uuid:pk>/active/", views.resource_active_view, name="resource_active"),
    path("client/<uuid:client_pk>/", referral_views.client_referrals_view, name="client"),
    path("client/<uuid:client_pk>/new/", referral_views.referral_new_view, name="new"),
    path("<uuid:pk>/", referral_views.referral_detail_view, name="detail"),
    path("<uuid:pk>/send/", referral_views.referral_send_view, name="send"),
    path("<uuid:pk>/state/", referral_views.referral_state_view, name="state"),
    path("<uuid:pk>/appointment/", referral_views.referral_appointment_view, name="appointment"),
    path("<uuid:pk>/letter/", referral_views.referral_letter_view, name="letter"),
    path("follow-up/<uuid:pk>/", referral_views.follow_up_view, name="follow_up"),
]
