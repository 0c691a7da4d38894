"""Error pages in the product's own words (issue 12): 400, 403, 404 and 500 say what happened
and what to do next, in Dutch, in Schakel's layout — never a bare "403 Forbidden" or Django's
debug page, also under `make run`."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings
from django.urls import path

from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _broken(request):
    raise RuntimeError("a bug, with personal data in its message: Jansen 111222333")


urlpatterns = [path("kapot/", _broken)]


@pytest.fixture
def wijkteam_client(client):
    client.force_login(make_user("professional", "wijkteam", "wijkteam-fout"))
    return client


def test_404_says_what_to_do_in_the_layout(wijkteam_client):
    response = wijkteam_client.get("/casussen/999999/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Page not found" in body
    assert "may not exist, or you may not see it" in body
    assert 'href="/"' in body and 'class="page-nav"' in body  # the layout, with navigation


def test_404_in_dutch(wijkteam_client):
    body = wijkteam_client.get("/bestaat-niet/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Pagina niet gevonden" in body


def test_403_says_what_to_do(client):
    client.force_login(make_user("analyst", "gemeente", "analist-fout"))
    response = client.get("/casussen/")
    assert response.status_code == 403
    body = response.content.decode()
    assert "No access" in body and "Forbidden" not in body
    assert "functioneel beheerder" in body


def test_400_on_a_bad_request(client):
    response = client.get("/", HTTP_HOST="schakel.evil.example")
    assert response.status_code == 400
    assert "could not be processed" in response.content.decode()


def test_csrf_failure_explains_and_keeps_nothing_secret(wijkteam_client):
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(make_user("professional", "politie", "politie-fout"))
    response = csrf_client.post("/signalen/nieuw/", {"description": "x"})
    assert response.status_code == 403
    body = response.content.decode()
    assert "session" in body and "reload" in body.lower()


@override_settings(ROOT_URLCONF=__name__)
def test_500_says_sorry_without_details():
    client = Client(raise_request_exception=False)
    response = client.get("/kapot/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Something went wrong" in body
    assert "Jansen" not in body and "111222333" not in body and "Traceback" not in body


def test_make_run_serves_without_the_debug_page():
    """`make run` (the dev settings) shows the product's pages to a demo user, not Django's
    debug page with the URL patterns; DEBUG=1 turns it on for a developer."""
    code = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    env = {k: v for k, v in os.environ.items() if k != "DEBUG"}
    env["DJANGO_SETTINGS_MODULE"] = "schakel.config.settings.dev"
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2] / "src")
    off = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert off.stdout.strip() == "False", off.stderr
    env["DEBUG"] = "1"
    on = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert on.stdout.strip() == "True", on.stderr
