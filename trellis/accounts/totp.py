"""Time-based one-time codes (RFC 6238): 6 digits, 30-second steps, SHA-1, as every authenticator app reads
them. A pure rule: no Django, no database; the caller keeps the secret and the last step used.
"""

import hmac
import re

import pyotp
import segno

STEP_SECONDS = 30
DIGITS = 6
# RFC 6238 section 5.2: allow for clock drift and typing time, one step either side and no more.
DRIFT_STEPS = 1
_CODE = re.compile(r"^\d{6}$")


def new_secret() -> str:
    """160 random bits in base32, the length RFC 4226 recommends."""
    return pyotp.random_base32(length=32)


def provisioning_uri(*, secret: str, account: str, issuer: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS).provisioning_uri(
        name=account, issuer_name=issuer
    )


def qr_svg_data_uri(uri: str) -> str:
    """The QR code as an SVG data: URI for an <img>, which the Content-Security-Policy allows."""
    return str(segno.make(uri, error="m").svg_data_uri(scale=5, border=2, dark="#111", light="#fff"))


def normalize(code: str) -> str:
    """What people type: spaces and dashes between the digits are fine."""
    return re.sub(r"[\s-]", "", code or "")


def step_at(timestamp: float) -> int:
    return int(timestamp // STEP_SECONDS)


def matching_step(*, secret: str, code: str, timestamp: float, after_step: int | None) -> int | None:
    """The time step whose code this is (within the drift window), or None.

    A step at or before `after_step` (the last one accepted) never matches: a code is good once, and once a
    newer one has been used an older one is refused too, so a code seen over someone's shoulder is useless.
    """
    typed = normalize(code)
    if not _CODE.match(typed):
        return None
    generator = pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS)
    now = step_at(timestamp)
    for step in range(now - DRIFT_STEPS, now + DRIFT_STEPS + 1):
        if after_step is not None and step <= after_step:
            continue
        if hmac.compare_digest(generator.generate_otp(step), typed):
            return step
    return None


def code_at(*, secret: str, timestamp: float) -> str:
    """The code an app shows at this moment (tests, and the enrolment page's own check)."""
    return str(pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS).at(timestamp))
