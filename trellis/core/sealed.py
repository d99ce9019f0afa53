"""Text kept encrypted in the database: secrets the server must read back, so they cannot be hashed.

An authenticator app's TOTP secret is the example: whoever reads it from a backup or a stolen database can
make valid codes. The field seals it with Fernet (AES-128-CBC with HMAC-SHA256) under a key kept outside the
database: TRELLIS_FIELD_KEY if set, else one derived from SECRET_KEY with HKDF. Values written before the field
was sealed are read as they are and sealed at their next save (migration accounts 0005 reseals them all).
"""

import base64
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

PREFIX = "sealed:"


def _fernet() -> Fernet:
    material = (getattr(settings, "TRELLIS_FIELD_KEY", "") or settings.SECRET_KEY).encode()
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"trellis sealed field").derive(material)
    return Fernet(base64.urlsafe_b64encode(key))


def seal(text: str) -> str:
    return PREFIX + _fernet().encrypt(text.encode()).decode()


def unseal(stored: str) -> str:
    if not stored.startswith(PREFIX):
        return stored  # written before sealing: sealed at its next save
    try:
        return _fernet().decrypt(stored[len(PREFIX) :].encode()).decode()
    except InvalidToken:
        raise ImproperlyConfigured(
            "A sealed value cannot be opened: TRELLIS_FIELD_KEY (or SECRET_KEY) is not the key it was sealed with."
        ) from None


class SealedTextField(models.TextField):  # type: ignore[type-arg]
    """A text column encrypted at rest; the model sees plain text."""

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        return None if value is None else unseal(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "" or str(value).startswith(PREFIX):
            return value
        return seal(str(value))
