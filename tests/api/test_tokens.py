"""Scoped API tokens for system clients (issue 9): stored only as a hash, issued by the
functioneel beheerder and shown once, refused (401) when unknown, revoked or expired, refused
(403) without the scope the view declares; the request runs, and is audited, as the token's
service user. Every API view in the URLconf declares its scopes."""

import datetime as dt

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from rest_framework.test import APIClient

from schakel.audit.models import AuditAction, AuditEntry
from schakel.organisations import services
from schakel.organisations.models import ApiScope, ApiToken, Role
from schakel.organisations.services import hash_api_token
from tests.factories import CaseFactory, make_staff_beheerder

pytestmark = pytest.mark.django_db


@pytest.fixture
def beheerder():
    return make_staff_beheerder(permissions=("add_apitoken", "view_apitoken", "view_user"))


@pytest.fixture
def service_user(politie):
    """The police's system client acts as a (non-interactive) user of the police."""
    return politie


def _issue(beheerder, user, scopes, days=30):
    return services.issue_api_token(
        beheerder, "Politiekoppeling", user, scopes, timezone.now() + dt.timedelta(days=days)
    )


def _client(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def test_a_token_with_the_scope_reads_as_its_service_user_and_is_audited(beheerder, service_user):
    case = CaseFactory(participants=[service_user.organisation])
    _api_token, token = _issue(beheerder, service_user, [ApiScope.CASES_READ])
    response = _client(token).get(reverse("case-detail", args=[case.pk]))
    assert response.status_code == 200
    entry = AuditEntry.objects.filter(object_id=str(case.pk), action=AuditAction.VIEW).get()
    assert entry.user_id_ref == service_user.pk
    assert _client(token).get(reverse("case-list")).status_code == 200


def test_a_token_without_the_scope_is_refused(beheerder, service_user):
    _api_token, token = _issue(beheerder, service_user, [ApiScope.CASES_READ])
    client = _client(token)
    assert client.get(reverse("person-list")).status_code == 403
    assert client.post(reverse("person-search"), {"search": "x"}, format="json").status_code == 403
    assert client.post(reverse("signal-list"), {}, format="json").status_code == 403
    assert client.get(reverse("api-schema")).status_code == 403


def test_revoked_expired_and_unknown_tokens_are_401(beheerder, service_user):
    revoked, revoked_token = _issue(beheerder, service_user, [ApiScope.CASES_READ])
    services.revoke_api_token(revoked, beheerder)
    expired, expired_token = _issue(beheerder, service_user, [ApiScope.CASES_READ])
    ApiToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now())
    for token in (revoked_token, expired_token, "verzonnen-token"):
        response = _client(token).get(reverse("case-list"))
        assert response.status_code == 401, token
        assert response["WWW-Authenticate"].startswith("Bearer")
    assert AuditEntry.objects.filter(detail__contains="ingetrokken").exists()


def test_a_token_stops_working_when_its_user_becomes_beheerder_or_privacy_officer(
    beheerder, service_user
):
    """Review finding: the role was checked only when the token was issued."""

    _api_token, token = _issue(beheerder, service_user, [ApiScope.CASES_READ])
    assert _client(token).get(reverse("case-list")).status_code == 200
    for role in (Role.AUDITOR, Role.ADMINISTRATOR):
        type(service_user).objects.filter(pk=service_user.pk).update(role=role)
        assert _client(token).get(reverse("case-list")).status_code == 401, role


def test_the_token_is_never_stored_in_the_clear(beheerder, service_user):
    api_token, token = _issue(beheerder, service_user, [ApiScope.CASES_READ])
    api_token.refresh_from_db()
    stored = [str(value) for value in ApiToken.objects.values().get(pk=api_token.pk).values()]
    assert token not in " ".join(stored)
    assert api_token.token_hash == hash_api_token(token)
    assert token.startswith(api_token.prefix) and len(api_token.prefix) < len(token) // 4
    assert not any(token in entry.detail for entry in AuditEntry.objects.all())


def test_the_beheerder_issues_a_token_in_the_admin_and_sees_it_once(
    client_for, beheerder, service_user
):
    client = client_for(beheerder)
    expires = timezone.localtime() + dt.timedelta(days=30)
    response = client.post(
        reverse("admin:organisations_apitoken_add"),
        {
            "name": "Politiekoppeling",
            "user": service_user.pk,
            "scopes": [ApiScope.CASES_READ, ApiScope.SIGNALS_WRITE],
            "expires_at_0": expires.strftime("%Y-%m-%d"),
            "expires_at_1": expires.strftime("%H:%M:%S"),
        },
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    api_token = ApiToken.objects.get()
    token = response.context["token"]
    assert hash_api_token(token) == api_token.token_hash
    assert api_token.organisation == service_user.organisation
    assert set(api_token.scopes) == {ApiScope.CASES_READ, ApiScope.SIGNALS_WRITE}
    assert AuditEntry.objects.filter(object_id=str(api_token.pk), user_id_ref=beheerder.pk)
    listing = client.get(reverse("admin:organisations_apitoken_changelist")).content.decode()
    assert api_token.prefix in listing and token not in listing


def test_only_the_beheerder_issues_and_never_for_an_administrator(beheerder, service_user):
    from django.core.exceptions import PermissionDenied, ValidationError

    with pytest.raises(PermissionDenied):
        _issue(service_user, service_user, [ApiScope.CASES_READ])
    with pytest.raises(ValidationError):
        _issue(beheerder, beheerder, [ApiScope.CASES_READ])
    with pytest.raises(ValidationError):
        _issue(beheerder, service_user, ["everything"])
    with pytest.raises(ValidationError):
        _issue(beheerder, service_user, [ApiScope.CASES_READ], days=10_000)


def _api_views():
    """(route, view class, actions) of every view under the API's URLconf."""
    found = []

    def walk(patterns, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern) and route.startswith("api/"):
                view_class = getattr(pattern.callback, "cls", None)
                actions = getattr(pattern.callback, "actions", None)
                if actions is None and view_class is not None:
                    actions = {
                        method: method
                        for method in view_class.http_method_names
                        if method not in {"options", "head"} and hasattr(view_class, method)
                    }
                found.append((route, view_class, actions or {}))

    walk(get_resolver().url_patterns, "")
    return found


def test_every_api_view_declares_the_scope_of_every_action():
    views = _api_views()
    assert len(views) >= 10
    missing = [
        (route, action)
        for route, view_class, actions in views
        for action in actions.values()
        if view_class is None or action not in (getattr(view_class, "token_scopes", None) or {})
    ]
    assert missing == []
    # The one plain view: the 404 for any other path, which answers the same to everyone.
    assert [route for route, view_class, _a in views if view_class is None] == ["api/v1/^.*$"]
    declared = {
        scope
        for _route, view_class, _actions in views
        if view_class is not None
        for scope in view_class.token_scopes.values()
    }
    assert declared == set(ApiScope.values)
