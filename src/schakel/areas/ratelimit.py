"""A small per-sender rate limit for the public pages, kept in Django's cache only.

The cache is the database cache (settings.CACHES), so every worker process counts in one place.
The sender is the client's address as `schakel.lib.clientaddress` finds it: behind a trusted
proxy (SCHAKEL_TRUSTED_PROXIES) the forwarded address, otherwise the direct peer — so a client
cannot escape the limit by sending its own X-Forwarded-For. It is identified by a salted hash; neither the address nor the hash
is written to the database or the logs, and the hash lives only as long as the window. The salt
is derived from SECRET_KEY and changes every day, so hashes cannot be linked across days.
"""

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from schakel.lib.clientaddress import client_address

REPORTS_PER_HOUR = 5
WINDOW_SECONDS = 3600


def _sender_key(request, scope: str) -> str:
    ip = client_address(request) or "unknown"
    salt = f"{settings.SECRET_KEY}:{scope}:{timezone.now():%Y-%m-%d}".encode()
    digest = hmac.new(salt, ip.encode(), hashlib.sha256).hexdigest()
    return f"schakel:ratelimit:{scope}:{digest}"


def is_limited(request, scope: str, limit: int = REPORTS_PER_HOUR) -> bool:
    """True when this sender has already used up the limit in the current window."""
    return (cache.get(_sender_key(request, scope)) or 0) >= limit


def count(request, scope: str) -> int:
    """Count one use in the window; returns the number of uses so far."""
    key = _sender_key(request, scope)
    if cache.add(key, 1, timeout=WINDOW_SECONDS):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS)
        return 1
