"""Reading `Authorization: Token <secret>` on API requests (kept apart from views: DRF loads it with its settings)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from trellis.accounts import tokens
from trellis.accounts.models import ApiToken, User


class HashedTokenAuthentication(TokenAuthentication):
    """Looks the secret up by its SHA-256; expired, revoked and deactivated users' tokens read as invalid."""

    def authenticate_credentials(self, key: str) -> tuple[User, ApiToken]:
        token = tokens.find_usable_token(secret=key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid or expired token."))
        return token.user, token
