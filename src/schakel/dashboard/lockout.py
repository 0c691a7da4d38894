"""Throttling of password guessing: a lock per account and per client address, in Django's cache.

Failed log-ins are counted per typed user name (whether or not that account exists, so the lock
reveals nothing) and per client address, within a window of SCHAKEL_LOGIN_LOCKOUT_SECONDS. At
SCHAKEL_LOGIN_FAILURES_PER_ACCOUNT (or ..._PER_ADDRESS) failures the account (or address) is
locked for the same period: even the right password is refused. The cache is the database cache
(settings.CACHES), so the count holds across worker processes. Keys are keyed hashes: neither the
user name nor the address is stored in the clear.
"""

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from schakel.lib.clientaddress import client_address as resolve_client_address

LOCKED_OUT_MESSAGE = _(
    "Too many failed log-in attempts. Log-in is blocked for a while; try again later "
    "or ask your functional administrator."
)

ACCOUNT = "account"
ADDRESS = "address"


def _limit(kind: str) -> int:
    if kind == ACCOUNT:
        return settings.SCHAKEL_LOGIN_FAILURES_PER_ACCOUNT
    return settings.SCHAKEL_LOGIN_FAILURES_PER_ADDRESS


def _key(state: str, kind: str, value: str) -> str:
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"{kind}:{value}".encode(), hashlib.sha256
    ).hexdigest()
    return f"schakel:login:{state}:{kind}:{digest}"


def client_address(request) -> str:
    # Behind a trusted proxy the forwarded client, else the peer (schakel.lib.clientaddress).
    return resolve_client_address(request)


def _subjects(username, request) -> list[tuple[str, str]]:
    subjects = [(ACCOUNT, str(username or "").strip().casefold())]
    address = client_address(request)
    if address:
        subjects.append((ADDRESS, address))
    return subjects


def is_locked(username, request) -> bool:
    """True while the account or the client address is locked."""
    return any(cache.get(_key("lock", kind, value)) for kind, value in _subjects(username, request))


def _count(key: str, window: int) -> int:
    if cache.add(key, 1, timeout=window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return 1


def register_failure(username, request) -> list[str]:
    """Count one failed log-in; returns the kinds (account, address) that this failure locked."""
    window = settings.SCHAKEL_LOGIN_LOCKOUT_SECONDS
    locked = []
    for kind, value in _subjects(username, request):
        failures = _count(_key("failures", kind, value), window)
        if failures >= _limit(kind) and cache.add(_key("lock", kind, value), 1, timeout=window):
            cache.delete(_key("failures", kind, value))
            locked.append(kind)
    return locked


def register_success(username) -> None:
    """A successful log-in forgets the account's failures (not the address's: one valid account
    must not let an address go on guessing others)."""
    cache.delete(_key("failures", ACCOUNT, str(username or "").strip().casefold()))
