"""The address of the person at the other end, as far as this installation can know it.

Behind N reverse proxies that each append the address they saw to X-Forwarded-For, the client is the
N-th entry from the right: everything further left was written by the client and may be forged.
With no trusted proxy (the default) the header is ignored and the socket's address is the client.
Every reader of a client address (audit trail, lockout, API throttles) asks here, so they all agree.
"""

from ipaddress import ip_address

from django.conf import settings
from django.http import HttpRequest


def trusted_proxies() -> int:
    return max(int(getattr(settings, "TRELLIS_TRUSTED_PROXIES", 0)), 0)


def _valid(candidate: str) -> str | None:
    try:
        return str(ip_address(candidate.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The hop added by the nearest trusted proxy; REMOTE_ADDR when no proxy is trusted or the header is short."""
    remote = request.META.get("REMOTE_ADDR")
    hops = trusted_proxies()
    if hops == 0:
        return remote
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < hops:
        # A request that skipped a proxy (or a misconfigured count): the socket is all we can trust.
        return remote
    return _valid(forwarded[-hops]) or remote
