"""The client's address: X-Forwarded-For counts only from a trusted proxy, read from the right."""

from schakel.lib.clientaddress import parse_networks, resolve_client_address

PROXIES = parse_networks(["10.0.0.0/8", "2001:db8::1"])


def test_without_trusted_proxies_the_peer_is_the_client():
    assert resolve_client_address("203.0.113.5", "198.51.100.1", ()) == "203.0.113.5"


def test_an_untrusted_peers_forwarded_header_is_ignored():
    assert resolve_client_address("203.0.113.5", "198.51.100.1", PROXIES) == "203.0.113.5"


def test_behind_a_trusted_proxy_the_right_most_untrusted_address_is_the_client():
    # The client wrote 192.0.2.66 itself; the proxy appended the address it saw.
    forwarded = "192.0.2.66, 198.51.100.1, 10.1.2.3"
    assert resolve_client_address("10.0.0.1", forwarded, PROXIES) == "198.51.100.1"


def test_ipv6_proxy_and_garbage_in_the_header():
    assert resolve_client_address("2001:db8::1", "198.51.100.1", PROXIES) == "198.51.100.1"
    assert resolve_client_address("10.0.0.1", "not-an-address", PROXIES) == "10.0.0.1"
    assert resolve_client_address("", "198.51.100.1", PROXIES) == ""
