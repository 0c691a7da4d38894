"""The client's address behind zero or more reverse proxies that the installation trusts.

`REMOTE_ADDR` is the direct peer. Only when that peer is a trusted proxy is `X-Forwarded-For`
read, from the right: each proxy appends the address it received from, so the right-most address
that is not itself a trusted proxy is the first one no trusted party vouches for — the client.
Addresses to the left of it were written by the client and can be anything. An untrusted peer's
`X-Forwarded-For` is ignored entirely: anyone can send that header.

Trusted proxies are addresses or networks (`10.0.0.0/8`, `::1`), from
`settings.SCHAKEL_TRUSTED_PROXIES`. Both the audit log and the public pages' rate limit use this.
"""

import ipaddress
from collections.abc import Iterable

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(values: Iterable[str]) -> tuple[Network, ...]:
    """`["10.0.0.1", "192.168.0.0/16"]` as networks; a malformed entry raises ValueError."""
    return tuple(ipaddress.ip_network(value.strip(), strict=False) for value in values if value)


def _address(value: str):
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def _is_trusted(address, trusted: tuple[Network, ...]) -> bool:
    return address is not None and any(address in network for network in trusted)


def resolve_client_address(remote_addr: str, forwarded_for: str, trusted: Iterable[Network]) -> str:
    """The client's address from the peer and its X-Forwarded-For ("" when there is none)."""
    trusted = tuple(trusted)
    peer = _address(remote_addr or "")
    if peer is None:
        return ""
    if not _is_trusted(peer, trusted) or not forwarded_for:
        return str(peer)
    hops = [hop for hop in forwarded_for.split(",") if hop.strip()]
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            # Garbage where a proxy should have written an address: trust nothing further left.
            return str(peer)
        if not _is_trusted(address, trusted):
            return str(address)
    # Every hop is a trusted proxy: the left-most is the nearest thing to a client we know.
    return str(_address(hops[0])) if hops else str(peer)


def client_address(request) -> str:
    """The client's address for this request, honouring settings.SCHAKEL_TRUSTED_PROXIES."""
    from django.conf import settings

    if request is None:
        return ""
    trusted = parse_networks(getattr(settings, "SCHAKEL_TRUSTED_PROXIES", ()))
    return resolve_client_address(
        request.META.get("REMOTE_ADDR", ""), request.META.get("HTTP_X_FORWARDED_FOR", ""), trusted
    )
