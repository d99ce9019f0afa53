"""Signing in as a person does: the password on the login form, then the second step with an authenticator
app's code (the app is given to the user here, as they would have set it up on their Security page)."""

from typing import Any
from urllib.parse import parse_qs, urlsplit

from django.test import Client
from django.urls import reverse

from trellis.accounts import mfa_services, totp
from trellis.accounts.models import TotpDevice, User
from trellis.core import clock

PASSWORD = "correct horse battery staple"  # tests/factories.py UserFactory
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def give_authenticator(user: Any) -> TotpDevice:
    device, _ = TotpDevice.objects.get_or_create(user=user, defaults={"secret": SECRET})
    return device


def fresh_code(user: Any) -> str:
    """A code the user's app would show now that has not been used yet (time is frozen in most tests, so a
    second sign-in in the same 30 seconds takes the next step's code, still inside the drift window), or a
    recovery code once those are spent.

    Never an earlier step's code: where the clock runs (the awkward-instant pass), a code from the step before
    goes out of the window if a 30-second boundary passes before the server checks it."""
    device = give_authenticator(user)
    now = totp.step_at(clock.now().timestamp())
    for step in range(now, now + totp.DRIFT_STEPS + 1):
        if device.last_used_step is None or step > device.last_used_step:
            return totp.code_at(secret=device.secret, timestamp=step * totp.STEP_SECONDS)
    return mfa_services.issue_recovery_codes(user=user)[0]


def sign_in(client: Client, username: str, *, password: str = PASSWORD, **extra: Any) -> Any:
    """The login form, then the second step if the session is held at it; the last response."""
    response = client.post(reverse("accounts:login"), {"username": username, "password": password}, **extra)
    location = response.get("Location", "") if response.status_code == 302 else ""
    if not location.startswith((reverse("accounts:mfa_verify"), reverse("accounts:security"))):
        return response
    user = User.objects.get(username=username)
    code = fresh_code(user)
    after = parse_qs(urlsplit(location).query).get("next", [""])[0]
    return client.post(reverse("accounts:mfa_verify"), {"code": code, "next": after}, **extra)
