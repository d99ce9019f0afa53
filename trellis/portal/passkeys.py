"""A client's passkeys: registered while signed in to the portal, then used to sign in instead of a code.

The ceremonies are the staff side's (trellis.accounts.passkeys: relying party, origin, one-time challenge in
the session, the browser's answer read the same way); the rows are the portal's own (PortalPasskey), since a
client is never a User. Signing in asks for a discoverable passkey: the browser offers the client's own, and
the credential id it answers with names the account. Every step is audited with the client as subject.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from trellis.accounts import passkeys as staff_passkeys
from trellis.core import clock
from trellis.portal.models import PortalAccount, PortalPasskey
from trellis.portal.services import PORTAL_JOB
from trellis.privacy import audit


def _record(account: PortalAccount, action: str, detail: str, obj: Any = None) -> None:
    audit.record(
        actor=None,
        action=action,
        client_id=account.client_id,
        obj=obj or account,
        detail=detail,
        system_job=PORTAL_JOB,
    )


def registration_options(request: HttpRequest, *, account: PortalAccount) -> str:
    client = account.client
    existing = PortalPasskey.objects.filter(account=account).values_list("credential_id", flat=True)
    options = generate_registration_options(
        rp_id=staff_passkeys.relying_party_id(request),
        rp_name="Your portal",
        user_id=str(account.pk).encode(),
        # What the device lists the passkey under: the address the client signs in with, no care named.
        user_name=account.email or account.mobile,
        user_display_name=client.preferred_name or client.legal_first_name,
        exclude_credentials=[PublicKeyCredentialDescriptor(id=base64url_to_bytes(c)) for c in existing],
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.REQUIRED,
            user_verification=UserVerificationRequirement.PREFERRED,
        ),
    )
    request.session[staff_passkeys.CHALLENGE] = bytes_to_base64url(options.challenge)
    return str(options_to_json(options))


@transaction.atomic
def register(request: HttpRequest, *, account: PortalAccount) -> PortalPasskey:
    data = staff_passkeys._credential(request.body)
    challenge = staff_passkeys._spend_challenge(request)
    try:
        verified = verify_registration_response(
            credential=data["credential"],
            expected_challenge=challenge,
            expected_rp_id=staff_passkeys.relying_party_id(request),
            expected_origin=staff_passkeys.expected_origin(request),
        )
    except WebAuthnException as error:
        raise ValidationError("The passkey could not be verified. Try again.") from error
    passkey = PortalPasskey.objects.create(
        account=account,
        name=str(data.get("name") or "").strip()[:60] or "Passkey",
        credential_id=bytes_to_base64url(verified.credential_id),
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
    )
    _record(account, audit.Action.MFA_ENROLLED, "portal passkey added", obj=passkey)
    return passkey


def remove(*, account: PortalAccount, passkey: PortalPasskey) -> None:
    with transaction.atomic():
        passkey.delete()
        _record(account, audit.Action.MFA_REMOVED, "portal passkey removed")


def authentication_options(request: HttpRequest) -> str:
    """No credential list: the browser offers the passkeys it holds for this site (discoverable ones)."""
    options = generate_authentication_options(
        rp_id=staff_passkeys.relying_party_id(request),
        user_verification=UserVerificationRequirement.PREFERRED,
    )
    request.session[staff_passkeys.CHALLENGE] = bytes_to_base64url(options.challenge)
    return str(options_to_json(options))


@transaction.atomic
def authenticate(request: HttpRequest) -> PortalAccount | None:
    """The active account whose passkey signed this challenge, or None (audited when a passkey was named)."""
    data = staff_passkeys._credential(request.body)
    challenge = staff_passkeys._spend_challenge(request)
    credential_id = str(data["credential"].get("id", ""))
    passkey = (
        PortalPasskey.objects.select_for_update()
        .filter(credential_id=credential_id, account__is_active=True)
        .select_related("account__client")
        .first()
    )
    if passkey is None:
        return None
    try:
        verified = verify_authentication_response(
            credential=data["credential"],
            expected_challenge=challenge,
            expected_rp_id=staff_passkeys.relying_party_id(request),
            expected_origin=staff_passkeys.expected_origin(request),
            credential_public_key=bytes(passkey.public_key),
            credential_current_sign_count=passkey.sign_count,
        )
    except WebAuthnException:
        _record(passkey.account, audit.Action.LOGIN_FAILED, "portal passkey refused")
        return None
    now = clock.now()
    passkey.sign_count = verified.new_sign_count
    passkey.last_used_at = now
    passkey.save(update_fields=["sign_count", "last_used_at", "updated_at"])
    PortalAccount.objects.filter(pk=passkey.account_id).update(last_signed_in_at=now)
    _record(passkey.account, audit.Action.LOGIN, "portal sign-in (passkey)")
    return passkey.account
