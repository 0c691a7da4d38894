"""Throttling of password guessing: a lock per account and per client address, in Django's cache.

Failed log-ins are counted per typed user name (whether or not that account exists, so the lock
reveals nothing) and per client address, within a window of SCHAKEL_LOGIN_LOCKOUT_SECONDS. At
SCHAKEL_LOGIN_FAILURES_PER_ACCOUNT (or ..._PER_ADDRESS) failures the account (or address) is
locked for the same period: even the right password is refused. The cache is shared by every
worker process (settings.CACHES: the database or Redis), and failures are counted with
`schakel.lib.counter`, so that failures arriving at once in different processes all count. Keys
are keyed hashes: neither the user name nor the address is stored in the clear.
"""

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from schakel.lib import counter
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


def register_failure(username, request) -> list[str]:
    """Count one failed log-in; returns the kinds (account, address) that this failure locked."""
    window = settings.SCHAKEL_LOGIN_LOCKOUT_SECONDS
    locked = []
    for kind, value in _subjects(username, request):
        failures_key, limit = _key("failures", kind, value), _limit(kind)
        failures = counter.count(failures_key, window=window, up_to=limit)
        if failures >= limit and cache.add(_key("lock", kind, value), 1, timeout=window):
            counter.forget(failures_key, up_to=limit)
            locked.append(kind)
    return locked


def register_success(username) -> None:
    """A successful log-in forgets the account's failures (not the address's: one valid account
    must not let an address go on guessing others)."""
    account = str(username or "").strip().casefold()
    counter.forget(_key("failures", ACCOUNT, account), up_to=_limit(ACCOUNT))
