"""WebAuthn passkeys (py_webauthn): the registration and authentication ceremonies, server side.

Each ceremony is two requests. The first returns the browser's options with a fresh random challenge kept in
the session; the second takes the authenticator's signed answer, which must carry that challenge, this
site's origin and its relying-party id, and spends the challenge whatever the outcome.
"""

import json
from typing import Any

from django.conf import settings
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

from trellis.accounts.models import Passkey, User
from trellis.core import clock
from trellis.privacy import audit

CHALLENGE = "trellis_webauthn_challenge"


def relying_party_id(request: HttpRequest) -> str:
    """The host name people use (ALLOWED_HOSTS has vetted it), unless TRELLIS_WEBAUTHN_RP_ID pins it."""
    return str(getattr(settings, "TRELLIS_WEBAUTHN_RP_ID", "") or request.get_host().rsplit(":", 1)[0])


def expected_origin(request: HttpRequest) -> str:
    return f"{request.scheme}://{request.get_host()}"


def _descriptors(user: User) -> list[PublicKeyCredentialDescriptor]:
    ids = Passkey.objects.filter(user=user).values_list("credential_id", flat=True)
    return [PublicKeyCredentialDescriptor(id=base64url_to_bytes(credential_id)) for credential_id in ids]


def registration_options(request: HttpRequest, *, user: User) -> str:
    options = generate_registration_options(
        rp_id=relying_party_id(request),
        rp_name="Trellis",
        user_id=str(user.pk).encode(),
        user_name=user.get_username(),
        user_display_name=user.get_full_name() or user.get_username(),
        exclude_credentials=_descriptors(user),
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.PREFERRED,
            user_verification=UserVerificationRequirement.PREFERRED,
        ),
    )
    request.session[CHALLENGE] = bytes_to_base64url(options.challenge)
    return str(options_to_json(options))


def _spend_challenge(request: HttpRequest) -> bytes:
    challenge = request.session.pop(CHALLENGE, None)
    if not challenge:
        raise ValidationError("This request has expired. Try again.")
    return base64url_to_bytes(challenge)


def _credential(body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(body or b"{}")
    except ValueError as error:
        raise ValidationError("The browser's answer could not be read.") from error
    if not isinstance(data, dict) or not isinstance(data.get("credential"), dict):
        raise ValidationError("The browser's answer could not be read.")
    return data


@transaction.atomic
def register(request: HttpRequest, *, user: User) -> Passkey:
    """Keeps the new passkey once its attestation checks out; the name is the person's own label."""
    data = _credential(request.body)
    challenge = _spend_challenge(request)
    try:
        verified = verify_registration_response(
            credential=data["credential"],
            expected_challenge=challenge,
            expected_rp_id=relying_party_id(request),
            expected_origin=expected_origin(request),
        )
    except WebAuthnException as error:
        raise ValidationError("The passkey could not be verified. Try again.") from error
    name = str(data.get("name") or "").strip()[:60] or "Passkey"
    passkey = Passkey.objects.create(
        user=user,
        name=name,
        credential_id=bytes_to_base64url(verified.credential_id),
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
    )
    audit.record(actor=user, action=audit.Action.MFA_ENROLLED, obj=passkey, detail="passkey added")
    return passkey


def authentication_options(request: HttpRequest, *, user: User) -> str:
    options = generate_authentication_options(
        rp_id=relying_party_id(request),
        allow_credentials=_descriptors(user),
        user_verification=UserVerificationRequirement.PREFERRED,
    )
    request.session[CHALLENGE] = bytes_to_base64url(options.challenge)
    return str(options_to_json(options))


@transaction.atomic
def authenticate(request: HttpRequest, *, user: User) -> Passkey | None:
    """The user's passkey that signed this challenge, or None. Only the user's own passkeys count: a passkey
    of someone else's proves nothing about this session."""
    data = _credential(request.body)
    challenge = _spend_challenge(request)
    credential_id = str(data["credential"].get("id", ""))
    passkey = Passkey.objects.select_for_update().filter(user=user, credential_id=credential_id).first()
    if passkey is None:
        return None
    try:
        verified = verify_authentication_response(
            credential=data["credential"],
            expected_challenge=challenge,
            expected_rp_id=relying_party_id(request),
            expected_origin=expected_origin(request),
            credential_public_key=bytes(passkey.public_key),
            credential_current_sign_count=passkey.sign_count,
        )
    except WebAuthnException:
        return None
    passkey.sign_count = verified.new_sign_count
    passkey.last_used_at = clock.now()
    passkey.save(update_fields=["sign_count", "last_used_at", "updated_at"])
    return passkey
