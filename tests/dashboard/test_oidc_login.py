"""Log-in through the municipality's identity provider (OpenID Connect), against a real provider.

The provider is django-oauth-toolkit in its own process (tests/oidc_provider/), started once for
this module. Schakel answers in-process through Django's test client (host `testserver`), so the
tests keep the usual rolled-back transaction: a live server would flush the test database and the
configuration data other test modules rely on. The `Browser` below plays the user's browser: it
follows redirects between Schakel and the provider and fills in the provider's log-in form; Schakel
itself talks to the provider over HTTP (discovery, token, JWKS, userinfo), as in production.
"""

import html
import json
import os
import re
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.sessions.models import Session
from django.core.exceptions import SuspiciousOperation
from django.test import Client

from schakel.audit.models import AuditAction, AuditEntry
from schakel.dashboard import oidc
from schakel.organisations.models import Organisation, OrganisationKind, Role, User
from tests.oidc_provider.serve import CLIENT_ID, CLIENT_SECRET

REPOSITORY = Path(__file__).resolve().parents[2]
SCHAKEL = "http://testserver"
PASSWORD = "idp-wachtwoord-123"  # noqa: S105
ORGANISATION_CODE = "00000001234567890000"  # an OIN-like code

PROVIDER_USERS = {
    "anna": {
        "sub": "sub-anna",
        "given_name": "Anna",
        "family_name": "de Vries",
        "email": "anna@example.org",
        "schakel_organisation": ORGANISATION_CODE,
        "groups": ["medewerkers", "schakel-procesregisseur"],
    },
    "bert": {
        "sub": "sub-bert",
        "schakel_organisation": "99999999999999999999",
        "groups": ["schakel-professional"],
    },
    "carla": {"sub": "sub-carla", "schakel_organisation": ORGANISATION_CODE, "groups": []},
    "dirk": {
        "sub": "sub-dirk",
        "schakel_organisation": ORGANISATION_CODE,
        "groups": ["schakel-analist", "schakel-auditor"],
    },
}


@dataclass
class Provider:
    issuer: str
    users_file: Path

    def set_claims(self, username: str, **claims) -> None:
        users = json.loads(self.users_file.read_text())
        for user in users:
            if user["username"] == username:
                user["claims"].update(claims)
        self.users_file.write_text(json.dumps(users))


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    directory = tmp_path_factory.mktemp("oidc-provider")
    users_file = directory / "users.json"
    users_file.write_text(
        json.dumps(
            [
                {"username": name, "password": PASSWORD, "claims": claims}
                for name, claims in PROVIDER_USERS.items()
            ]
        )
    )
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPOSITORY / "src"), str(REPOSITORY)]),
        "OIDC_PROVIDER_DIR": str(directory),
        "OIDC_PROVIDER_USERS": str(users_file),
        "OIDC_PROVIDER_REDIRECT_URI": f"{SCHAKEL}/inloggen/oidc/terug/",
        "OIDC_PROVIDER_POST_LOGOUT_REDIRECT_URI": f"{SCHAKEL}/inloggen/",
    }
    env.pop("DATABASE_URL", None)
    stderr = (directory / "stderr.txt").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.oidc_provider.serve"],
        cwd=REPOSITORY,
        env=env,
        stdout=subprocess.PIPE,
        stderr=stderr,
        text=True,
    )
    # Wait for "READY <port>"; a provider that never gets there is killed after a minute.
    timer = threading.Timer(60, process.kill)
    timer.start()
    line = process.stdout.readline()
    timer.cancel()
    try:
        assert line.startswith("READY "), (directory / "stderr.txt").read_text()
        port = int(line.split()[1])
        yield Provider(issuer=f"http://127.0.0.1:{port}/o", users_file=users_file)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        stderr.close()


@pytest.fixture
def schakel(provider, settings, db):
    """Schakel configured for the provider, with one organisation it knows by its code."""
    settings.SCHAKEL_OIDC_ISSUER = provider.issuer
    settings.SCHAKEL_OIDC_CLIENT_ID = CLIENT_ID
    settings.SCHAKEL_OIDC_CLIENT_SECRET = CLIENT_SECRET
    settings.SCHAKEL_OIDC_PROVIDER_NAME = "Test-IdP"
    settings.SCHAKEL_OIDC_ENDPOINTS = dict.fromkeys(oidc.DISCOVERY_FIELDS, "")
    return Organisation.objects.create(
        name="Veiligheidshuis Lindewaard",
        kind=OrganisationKind.SAFETY_HOUSE,
        code=ORGANISATION_CODE,
    )


@dataclass
class Page:
    url: str
    status_code: int
    text: str


@dataclass
class Browser:
    """One user's browser (Dutch): requests to Schakel go to Django's test client, requests to
    the provider over HTTP; redirects are followed across both, as a browser does."""

    provider: Provider
    schakel: Client = field(default_factory=lambda: Client(headers={"accept-language": "nl"}))
    idp: requests.Session = field(default_factory=requests.Session)
    history: list[str] = field(default_factory=list)

    def get(self, url: str) -> Page:
        return self.request("get", url)

    def post(self, url: str, data: dict | None = None) -> Page:
        return self.request("post", url, data)

    def request(self, method: str, url: str, data: dict | None = None) -> Page:
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(self.provider.issuer))
        while True:
            self.history.append(url)
            if url.startswith(origin):
                headers = {"Referer": url} if method == "post" else {}
                answer = self.idp.request(
                    method, url, data=data, headers=headers, allow_redirects=False, timeout=10
                )
                status, location, text = (
                    answer.status_code,
                    answer.headers.get("Location"),
                    answer.text,
                )
            else:
                parts = urlsplit(url)
                assert parts.netloc == "testserver", url
                path = parts.path + (f"?{parts.query}" if parts.query else "")
                answer = (
                    self.schakel.post(path, data or {})
                    if method == "post"
                    else self.schakel.get(path)
                )
                status, location = answer.status_code, answer.get("Location")
                text = answer.content.decode()
            if status in (301, 302, 303) and location:
                url, method, data = urljoin(url, location), "get", None
                continue
            return Page(url, status, text)


def _csrf_token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def _log_in_through_provider(browser: Browser, username: str) -> Page:
    """Click "Inloggen via Test-IdP" on Schakel's log-in page and log in at the provider."""
    page = browser.get(f"{SCHAKEL}/inloggen/")
    link = re.search(r'href="([^"]*)"[^>]*>\s*Inloggen via Test-IdP', page.text)
    assert link, "no button for the identity provider on the log-in page"
    at_provider = browser.get(urljoin(SCHAKEL, html.unescape(link.group(1))))
    if "/accounts/login/" not in at_provider.url:
        return at_provider  # the provider still had a session
    return browser.post(
        at_provider.url,
        data={
            "csrfmiddlewaretoken": _csrf_token(at_provider.text),
            "username": username,
            "password": PASSWORD,
            "next": html.unescape(
                re.search(r'name="next" value="([^"]*)"', at_provider.text).group(1)
            ),
        },
    )


def _logged_in_session(user) -> Session:
    for session in Session.objects.all():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            return session
    raise AssertionError("no session for the user")


def _failed_log_ins() -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED).order_by("pk"))


def test_a_municipal_employee_logs_in_with_organisation_and_role_from_the_claims(schakel, provider):
    browser = Browser(provider)
    response = _log_in_through_provider(browser, "anna")

    assert response.url == f"{SCHAKEL}/"
    assert response.status_code == 200
    user = User.objects.get(oidc_subject="sub-anna")
    assert (user.organisation, user.role) == (schakel, Role.PROCESS_DIRECTOR)
    assert (user.first_name, user.last_name) == ("Anna", "de Vries")
    assert not user.has_usable_password()  # cannot log in with a password
    session = _logged_in_session(user).get_decoded()
    assert session[BACKEND_SESSION_KEY] == oidc.BACKEND
    created = AuditEntry.objects.get(action=AuditAction.CREATE, object_id=str(user.pk))
    assert "procesregisseur" in created.detail
    assert AuditEntry.objects.filter(action=AuditAction.LOGIN, object_id=str(user.pk)).exists()


def test_the_next_log_in_finds_the_account_by_subject_and_audits_a_new_role(schakel, provider):
    _log_in_through_provider(Browser(provider), "anna")
    provider.set_claims("anna", groups=["schakel-coordinator"], email="ander@example.org")
    try:
        _log_in_through_provider(Browser(provider), "anna")
    finally:
        provider.set_claims("anna", **PROVIDER_USERS["anna"])

    user = User.objects.get(oidc_subject="sub-anna")
    assert User.objects.filter(oidc_subject="sub-anna").count() == 1
    assert user.role == Role.COORDINATOR
    change = AuditEntry.objects.get(action=AuditAction.CHANGE, object_id=str(user.pk))
    assert "'procesregisseur' -> 'coordinator'" in change.detail


def test_a_local_account_with_the_same_e_mail_address_is_not_taken_over(schakel, provider):
    local = User.objects.create_user(
        "anna.local", email="anna@example.org", password="lokaal-wachtwoord-123"
    )
    _log_in_through_provider(Browser(provider), "anna")
    local.refresh_from_db()
    assert local.oidc_subject == "" and local.role == ""
    assert User.objects.get(oidc_subject="sub-anna").pk != local.pk


def test_an_unknown_organisation_is_refused_with_a_dutch_message_and_audited(schakel, provider):
    browser = Browser(provider)
    response = _log_in_through_provider(browser, "bert")

    assert response.url == f"{SCHAKEL}/inloggen/"
    assert "uw organisatie is niet bekend in Schakel" in response.text
    assert not User.objects.filter(oidc_subject="sub-bert").exists()
    assert browser.get(f"{SCHAKEL}/").url.startswith(f"{SCHAKEL}/inloggen/")
    [failure] = _failed_log_ins()
    assert failure.detail == "identiteitsprovider: organisatie onbekend (onbekend account)"


def test_no_role_or_more_than_one_role_is_refused(schakel, provider):
    response = _log_in_through_provider(Browser(provider), "carla")
    assert "geeft u geen rol in Schakel" in response.text
    response = _log_in_through_provider(Browser(provider), "dirk")
    assert "meer dan één rol" in response.text
    assert not User.objects.filter(oidc_subject__in=["sub-carla", "sub-dirk"]).exists()
    assert [entry.detail for entry in _failed_log_ins()] == [
        "identiteitsprovider: rol onbekend (onbekend account)",
        "identiteitsprovider: meer dan een rol (onbekend account)",
    ]


def test_a_known_account_whose_organisation_claim_is_gone_is_refused(schakel, provider):
    _log_in_through_provider(Browser(provider), "anna")
    user = User.objects.get(oidc_subject="sub-anna")
    provider.set_claims("anna", schakel_organisation="")
    try:
        response = _log_in_through_provider(Browser(provider), "anna")
    finally:
        provider.set_claims("anna", **PROVIDER_USERS["anna"])
    assert "niet gezegd voor welke organisatie u werkt" in response.text
    [failure] = _failed_log_ins()
    assert failure.object_id == str(user.pk)
    assert failure.detail == "identiteitsprovider: geen organisatie in de claims"


def test_tokens_from_another_issuer_are_refused(schakel, provider, settings):
    # Schakel expects another issuer, but is pointed at this provider's endpoints.
    endpoints = requests.get(
        f"{provider.issuer}/.well-known/openid-configuration", timeout=10
    ).json()
    settings.SCHAKEL_OIDC_ISSUER = "https://login.elders.example"
    settings.SCHAKEL_OIDC_ENDPOINTS = {
        name: endpoints.get(field, "") for name, field in oidc.DISCOVERY_FIELDS.items()
    }
    response = _log_in_through_provider(Browser(provider), "anna")
    assert "kon niet worden gecontroleerd" in response.text
    assert not User.objects.filter(oidc_subject="sub-anna").exists()
    [failure] = _failed_log_ins()
    assert failure.detail.startswith("identiteitsprovider: antwoord niet te verifieren")


def test_a_tampered_or_foreign_signed_id_token_is_refused(schakel, provider):
    _log_in_through_provider(Browser(provider), "anna")
    user = User.objects.get(oidc_subject="sub-anna")
    id_token = _logged_in_session(user).get_decoded()["oidc_id_token"]
    backend = oidc.OIDCBackend()
    super(oidc.OIDCBackend, backend).__init__()
    nonce = jwt.decode(id_token, options={"verify_signature": False})["nonce"]
    claims = backend.verify_token(id_token, nonce=nonce)
    assert claims["sub"] == "sub-anna"  # the real token passes

    header, payload, signature = id_token.split(".")
    raised = {**claims, "groups": ["schakel-beheerder"]}
    tampered_payload = jwt.utils.base64url_encode(json.dumps(raised).encode()).decode()
    with pytest.raises((SuspiciousOperation, jwt.PyJWTError)):
        backend.verify_token(f"{header}.{tampered_payload}.{signature}", nonce=claims["nonce"])

    foreign_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged = jwt.encode(
        raised, foreign_key, algorithm="RS256", headers=jwt.get_unverified_header(id_token)
    )
    with pytest.raises((SuspiciousOperation, jwt.PyJWTError)):
        backend.verify_token(forged, nonce=claims["nonce"])


def test_log_out_also_ends_the_session_at_the_provider(schakel, provider):
    browser = Browser(provider)
    _log_in_through_provider(browser, "anna")
    browser.history.clear()
    response = browser.post(f"{SCHAKEL}/uitloggen/")
    assert response.url == f"{SCHAKEL}/inloggen/"
    assert any("/o/logout/" in url for url in browser.history)
    assert "_auth_user_id" not in browser.schakel.session
    # The provider asks for the password again.
    at_provider = browser.get(f"{SCHAKEL}/inloggen/oidc/")
    assert "/accounts/login/" in at_provider.url


def test_without_configuration_there_is_no_button_and_no_route(client, settings, db):
    settings.SCHAKEL_OIDC_ISSUER = ""
    page = client.get("/inloggen/").content.decode()
    assert "/inloggen/oidc/" not in page
    assert client.get("/inloggen/oidc/").status_code == 404
    assert client.get("/inloggen/oidc/terug/?code=x&state=y").status_code == 404


def test_a_password_log_in_never_reaches_the_provider(client, settings, regisseur):
    # Configured, but the provider is unreachable: the password log-in still works, also with
    # a code and state in the query string.
    settings.SCHAKEL_OIDC_ISSUER = "http://127.0.0.1:9/o"
    settings.SCHAKEL_OIDC_CLIENT_ID = CLIENT_ID
    response = client.post(
        "/inloggen/?code=abc&state=def",
        {"username": "regisseur", "password": "geheim-wachtwoord"},
    )
    assert response.status_code == 302
    assert client.session[BACKEND_SESSION_KEY] == "schakel.dashboard.backends.LockoutModelBackend"


def test_a_blocked_account_loses_its_session_and_cannot_log_in_again(schakel, provider):
    browser = Browser(provider)
    _log_in_through_provider(browser, "anna")
    user = User.objects.get(oidc_subject="sub-anna")
    user.is_active = False
    user.save()
    assert browser.get(f"{SCHAKEL}/").url.startswith(f"{SCHAKEL}/inloggen/")

    response = _log_in_through_provider(Browser(provider), "anna")
    assert "uw account in Schakel is geblokkeerd" in response.text
    [failure] = _failed_log_ins()
    assert (failure.object_id, failure.detail) == (
        str(user.pk),
        "identiteitsprovider: account geblokkeerd",
    )


def test_with_two_factor_required_the_identity_provider_log_in_goes_straight_in(
    schakel, provider, settings
):
    """Two-factor is required of password log-ins; the identity provider does its own second
    factor, so its sessions reach Schakel's pages without a code (dashboard/twofactor.py)."""
    settings.SCHAKEL_REQUIRE_2FA = True
    response = _log_in_through_provider(Browser(provider), "anna")
    assert response.url == f"{SCHAKEL}/"
    assert response.status_code == 200
    assert "tweede-factor" not in response.url and "/inloggen/code/" not in response.url
