"""API rate limits, each keyed on what it protects: the client's real address, the user, or the token.

DRF's own identity reads X-Forwarded-For whenever NUM_PROXIES is unset, so a caller who varies that header
gets a fresh allowance each time; these ask `client_ip` instead. Rates are read on every request (not once
at import) so that settings are the single source and tests may narrow them.
"""

from typing import TYPE_CHECKING, Any

from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from trellis.core.client_ip import client_ip

if TYPE_CHECKING:
    from rest_framework.views import APIView


class _Throttle(SimpleRateThrottle):
    def get_rate(self) -> str | None:
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(str(self.scope))
        return None if rate is None else str(rate)

    def get_ident(self, request: Request) -> str:
        return client_ip(request._request) or "unknown"

    def cache_key_for(self, ident: Any) -> str:
        return self.cache_format % {"scope": self.scope, "ident": ident}


class AnonymousThrottle(_Throttle):
    """Callers who are not logged in, per address."""

    scope = "anon"

    def get_cache_key(self, request: Request, view: "APIView") -> str | None:
        if request.user is not None and request.user.is_authenticated:
            return None
        return self.cache_key_for(self.get_ident(request))


class UserThrottle(_Throttle):
    """Each logged-in user, however many tokens or sessions they hold."""

    scope = "user"

    def get_cache_key(self, request: Request, view: "APIView") -> str | None:
        if request.user is None or not request.user.is_authenticated:
            return None
        return self.cache_key_for(request.user.pk)


class TokenThrottle(_Throttle):
    """Each API token on its own, so one runaway integration does not use up its owner's allowance alone."""

    scope = "api_token"

    def get_cache_key(self, request: Request, view: "APIView") -> str | None:
        token_id = getattr(request.auth, "pk", None)  # an ApiToken; session logins carry none
        return None if token_id is None else self.cache_key_for(token_id)


class TokenRequestThrottle(_Throttle):
    """Password guessing through the token endpoint, per real address (lockout also counts each guess)."""

    scope = "token"

    def get_cache_key(self, request: Request, view: "APIView") -> str | None:
        return self.cache_key_for(self.get_ident(request))
