from django.urls import path

from trellis.portal import (
    checkin_views,
    family_views,
    passkey_views,
    sign_views,
    staff_views,
    telehealth_views,
    views,
)

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
    # Family and supporters (their own session kind) and the client's page to invite them.
    path("me/family/", family_views.family_home_view, name="family_home"),
    path("me/family/sign-in/", family_views.family_sign_in_view, name="family_sign_in"),
    path("me/family/sign-in/code/", family_views.family_code_view, name="family_code"),
    path("me/family/sign-out/", family_views.family_sign_out_view, name="family_sign_out"),
    path("me/family-contacts/", family_views.family_contacts_view, name="family_contacts"),
    path("me/family-contacts/<uuid:pk>/end/", family_views.family_end_view, name="family_end"),
    # The client's passkeys: add and remove them; sign in with one instead of a code.
    path("me/passkeys/", passkey_views.passkeys_view, name="passkeys"),
    path("me/passkeys/options/", passkey_views.register_options_view, name="passkey_register_options"),
    path("me/passkeys/add/", passkey_views.register_view, name="passkey_register"),
    path("me/passkeys/<uuid:pk>/remove/", passkey_views.remove_view, name="passkey_remove"),
    path("me/sign-in/passkey/options/", passkey_views.sign_in_options_view, name="passkey_sign_in_options"),
    path("me/sign-in/passkey/", passkey_views.sign_in_view, name="passkey_sign_in"),
    path("me/sessions/<uuid:pk>/join/", telehealth_views.join_view, name="session_join"),
    path("me/sessions/<uuid:pk>/left/", telehealth_views.left_view, name="session_left"),
    # Staff: the face sheet's portal panel posts here.
    path("portal/clients/<uuid:pk>/invite/", staff_views.invite_view, name="invite"),
    path("portal/accounts/<uuid:pk>/deactivate/", staff_views.deactivate_view, name="deactivate"),
    path(
        "portal/clients/<uuid:pk>/family/invite/",
        family_views.staff_family_invite_view,
        name="staff_family_invite",
    ),
    path("portal/family/<uuid:pk>/end/", family_views.staff_family_end_view, name="staff_family_end"),
]
