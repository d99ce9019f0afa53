"""A small fixed-window limiter in the cache, for code requests: counted per address and per network address,
so one person cannot flood a client's phone and one machine cannot try every address. The cache is shared
by every app server when Redis is configured (config/settings/base.py CACHES)."""

import hashlib

from django.core.cache import cache

WINDOW_SECONDS = 15 * 60
PER_ADDRESS = 3
PER_IP = 10


def _key(kind: str, value: str) -> str:
    # Hashed: the cache holds no e-mail address or phone number.
    return f"portal-limit:{kind}:{hashlib.sha256(value.encode()).hexdigest()}"


def _hit(key: str, *, limit: int) -> bool:
    """Counts one more request; True while the window's count stays within `limit`."""
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS)
        count = 1
    return count <= limit


def allow_code_request(*, address: str, ip_address: str | None) -> bool:
    """Both counters advance on every request, so a refused burst keeps counting against itself."""
    by_address = _hit(_key("address", address), limit=PER_ADDRESS)
    by_ip = _hit(_key("ip", ip_address or "unknown"), limit=PER_IP)
    return by_address and by_ip


def allow_passkey_try(*, ip_address: str | None) -> bool:
    """Passkey sign-in attempts, per network address (there is no address typed to count)."""
    return _hit(_key("passkey-ip", ip_address or "unknown"), limit=PER_IP)
