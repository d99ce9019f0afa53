"""One-time codes: six random digits, kept only as a keyed hash and compared in constant time."""

import hashlib
import hmac
import secrets

from django.conf import settings

LENGTH = 6


def new_code() -> str:
    return f"{secrets.randbelow(10**LENGTH):0{LENGTH}d}"


def digest(code: str, *, salt: str) -> str:
    """Keyed with the server's secret and salted with the code row's id: the table alone reveals no code."""
    key = f"{settings.SECRET_KEY}:portal-code".encode()
    return hmac.new(key, f"{salt}:{code}".encode(), hashlib.sha256).hexdigest()


def matches(code: str, *, salt: str, expected: str) -> bool:
    return hmac.compare_digest(digest(code.strip(), salt=salt), expected)
