"""A small per-sender rate limit for the public pages, kept in Django's cache only.

The cache is shared by every worker process (settings.CACHES: the database or Redis), and uses are
counted with `schakel.lib.counter`, so uses arriving at once in different processes all count.
The sender is the client's address as `schakel.lib.clientaddress` finds it: behind a trusted
proxy (SCHAKEL_TRUSTED_PROXIES) the forwarded address, otherwise the direct peer — so a client
cannot escape the limit by sending its own X-Forwarded-For. It is identified by a salted hash; neither the address nor the hash
is written to the database or the logs, and the hash lives only as long as the window. The salt
is derived from SECRET_KEY and changes every day, so hashes cannot be linked across days.
"""

import hashlib
import hmac

from django.conf import settings
from django.utils import timezone

from schakel.lib import counter
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
    return counter.counted(_sender_key(request, scope), up_to=limit) >= limit


def count(request, scope: str, limit: int = REPORTS_PER_HOUR) -> int:
    """Count one use in the window; returns the number of uses so far (at most `limit` + 1)."""
    return counter.count(_sender_key(request, scope), window=WINDOW_SECONDS, up_to=limit)
