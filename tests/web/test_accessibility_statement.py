"""The accessibility statement (issue 12): public, linked from every page, honest about its
status — partially compliant while the automated checks are not yet in place."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_statement_is_public_and_linked_from_the_log_in_page(client):
    login = client.get("/inloggen/").content.decode()
    assert 'href="/toegankelijkheid/"' in login
    page = client.get("/toegankelijkheid/", HTTP_ACCEPT_LANGUAGE="nl")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Toegankelijkheidsverklaring" in body
    assert "Voldoet gedeeltelijk" in body
    assert "functioneel beheerder" in body


def test_the_statement_is_linked_for_a_logged_in_user(client_for, wijkteam):
    assert 'href="/toegankelijkheid/"' in client_for(wijkteam).get("/").content.decode()
