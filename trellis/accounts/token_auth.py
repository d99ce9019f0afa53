"""Reading `Authorization: Token <secret>` on API requests (kept apart from views: DRF loads it with its settings)."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from trellis.accounts import outside_systems, tokens


class HashedTokenAuthentication(TokenAuthentication):
    """Looks the secret up by its SHA-256; expired, revoked and deactivated users' tokens read as invalid.

    A staff token acts as its staff member; an outside system's token acts as that system (an OutsideCaller),
    whose every read of client records passes the disclosure gate."""

    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        token = tokens.find_usable_token(secret=key)
        if token is not None:
            return token.user, token
        system = outside_systems.find_usable_system(secret=key)
        if system is not None:
            return outside_systems.OutsideCaller(system), system
        raise exceptions.AuthenticationFailed(_("Invalid or expired token."))
