from django.urls import path

from trellis.portal import checkin_views, sign_views, staff_views, telehealth_views, views

app_name = "portal"

urlpatterns = [
    # The client's realm (no staff session).
    path("me/", views.home_view, name="home"),
    path("me/sign-in/", views.sign_in_view, name="sign_in"),
    path("me/sign-in/code/", views.code_view, name="code"),
    path("me/sign-out/", views.sign_out_view, name="sign_out"),
    path("me/check-ins/<slug:instrument>/", checkin_views.checkin_view, name="checkin"),
    path("me/check-ins/done/<uuid:pk>/", checkin_views.checkin_done_view, name="checkin_done"),
    path("me/plan/", sign_views.plan_view, name="plan"),
    path("me/consents/", sign_views.consents_view, name="consents"),
    path("me/consents/<uuid:pk>/sign/", sign_views.consent_sign_view, name="consent_sign"),
    path("me/consents/<uuid:pk>/revoke/", sign_views.consent_revoke_view, name="consent_revoke"),
    path("me/sessions/<uuid:pk>/join/", telehealth_views.join_view, name="session_join"),
    path("me/sessions/<uuid:pk>/left/", telehealth_views.left_view, name="session_left"),
    # Staff: the face sheet's portal panel posts here.
    path("portal/clients/<uuid:pk>/invite/", staff_views.invite_view, name="invite"),
    path("portal/accounts/<uuid:pk>/deactivate/", staff_views.deactivate_view, name="deactivate"),
]
