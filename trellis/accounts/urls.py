from django.urls import path

from trellis.accounts import access_views, mfa_views, password_views, views

app_name = "accounts"
urlpatterns = [
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", views.LogoutView.as_view(), name="logout"),
    path("accounts/keepalive/", views.keepalive_view, name="keepalive"),
    path("accounts/tokens/", access_views.token_list_view, name="tokens"),
    path("accounts/tokens/<uuid:pk>/revoke/", access_views.token_revoke_view, name="token_revoke"),
    path("accounts/access/", access_views.access_view, name="access"),
    path("accounts/access/<int:pk>/unlock/", access_views.unlock_view, name="unlock"),
    path("accounts/access/<int:pk>/deactivate/", access_views.deactivate_view, name="deactivate"),
    path(
        "accounts/access/<int:pk>/second-factor/",
        access_views.second_factor_reset_view,
        name="second_factor_reset",
    ),
    path(
        "accounts/access/second-factor-roles/",
        access_views.second_factor_roles_view,
        name="second_factor_roles",
    ),
    path("accounts/mfa/", mfa_views.verify_view, name="mfa_verify"),
    path("accounts/confirm/", mfa_views.reauth_view, name="reauth"),
    path(
        "accounts/passkeys/sign-in/options/", mfa_views.passkey_auth_options_view, name="passkey_auth_options"
    ),
    path("accounts/passkeys/sign-in/", mfa_views.passkey_auth_view, name="passkey_auth"),
    path("accounts/security/", mfa_views.security_view, name="security"),
    path("accounts/security/app/", mfa_views.totp_setup_view, name="totp_setup"),
    path("accounts/security/app/remove/", mfa_views.totp_remove_view, name="totp_remove"),
    path(
        "accounts/security/passkeys/options/",
        mfa_views.passkey_register_options_view,
        name="passkey_register_options",
    ),
    path("accounts/security/passkeys/", mfa_views.passkey_register_view, name="passkey_register"),
    path(
        "accounts/security/passkeys/<uuid:pk>/remove/", mfa_views.passkey_remove_view, name="passkey_remove"
    ),
    path("accounts/security/recovery-codes/", mfa_views.recovery_codes_view, name="recovery_codes"),
    path("accounts/password/", password_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/reset/", password_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/password/reset/sent/",
        password_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        password_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
]
