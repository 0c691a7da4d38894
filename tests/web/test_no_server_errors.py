"""No input gives a 500: every URL of Schakel, for several roles, with real and missing ids,
GET and POST with empty and hostile data, on the demo data set.

The crawl is one test per role and part of the site (the URL's first segment), so that xdist can
spread it over the workers. Within a part the requests keep their order, so a hostile POST that
changes something is still followed by the part's pages that show it.
"""

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from schakel.jobs import heartbeat
from schakel.organisations.models import User

pytestmark = pytest.mark.slow

ROLES = ["regisseur", "coordinator", "politie", "analist", "beheerder", "auditor"]
SKIP_PREFIXES = ("beheer/", "i18n/", "uitloggen/")
HOSTILE = {
    "query": "\x00' OR 1=1 --",
    "title": "x" * 5000,
    "description": "<script>alert(1)</script>",
    "status": "niet-bestaand",
    "level": "abc",
    "deadline": "31-31-2099",
    "category": "-1",
    "organisation": "999999999",
    "page": "-5",
}


def _patterns(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, route)
        elif isinstance(entry, URLPattern):
            yield route


def _fill(route: str, value: int) -> str | None:
    if route.startswith(SKIP_PREFIXES):
        return None
    if "^" in route:  # the API router's regex routes: api/v1/^cases/(?P<pk>[^/.]+)/$
        if "(?P<format>" in route:
            return None
        route = re.sub(r"\(\?P<[^>]+>[^)]+\)", str(value), route.replace("^", "").replace("$", ""))
    path = re.sub(r"<int:[^>]+>", str(value), route)
    if "<" in path:  # str/slug/path converters: use a harmless token
        path = re.sub(r"<[^>]+>", "onbekend", path)
    return "/" + path


MISSING = 987654321


def _requests(route: str) -> list[tuple[str, str, dict | None]]:
    """GET with a real id, POST hostile data with it, GET a missing id; a route without an id
    has the same path for both ids, and is requested once per method."""
    requests: list[tuple[str, str, dict | None]] = []
    for value in (1, MISSING):
        path = _fill(route, value)
        if path is None:
            continue
        for request in [("get", path, None)] + ([("post", path, HOSTILE)] if value == 1 else []):
            if request not in requests:
                requests.append(request)
    return requests


def _part(route: str) -> str:
    return route.split("/")[0] or "dashboard"


ROUTES = sorted(set(_patterns()))
REQUESTS = {route: _requests(route) for route in ROUTES}
PARTS = sorted({_part(route) for route in ROUTES if REQUESTS[route]})


@pytest.mark.parametrize("part", PARTS)
@pytest.mark.parametrize("username", ROLES)
def test_no_url_gives_a_server_error(demo, db, username, part):
    heartbeat.beat("crawl")  # a worker runs, as in every installation: /health/ready/ is 200
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(username=username))
    failures = []
    for route in ROUTES:
        if _part(route) != part:
            continue
        for method, path, data in REQUESTS[route]:
            response = getattr(client, method)(path, data)
            if response.status_code >= 500:
                failures.append(f"{method.upper()} {path} -> {response.status_code}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("part", PARTS)
def test_anonymous_visitors_get_no_server_errors(demo, db, part):
    heartbeat.beat("crawl")
    client = Client(raise_request_exception=False)
    failures = []
    for route in ROUTES:
        path = _fill(route, 1)
        if path is None or _part(route) != part:
            continue
        for response in (client.get(path), client.post(path, HOSTILE)):
            if response.status_code >= 500:
                failures.append(f"{path} -> {response.status_code}")
    assert not failures, "\n".join(failures)
