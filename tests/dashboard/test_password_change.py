"""A page to change one's own password, linked from the header, with the password validators."""

import pytest
from django.urls import reverse

from schakel.audit.models import AuditAction, AuditEntry

pytestmark = pytest.mark.django_db

PASSWORD = "geheim-wachtwoord"  # noqa: S105 (set by UserFactory)
NEW = "Nieuw-wachtwoord-voor-Schakel-2026"  # noqa: S105
PAGE = reverse("dashboard:password_change")


def _change(client, old, new, confirm=None):
    return client.post(
        PAGE, {"old_password": old, "new_password1": new, "new_password2": confirm or new}
    )


def test_the_header_links_to_the_page_in_dutch(client_for, regisseur):
    client = client_for(regisseur)
    home = client.get(reverse("dashboard:home"), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert f'href="{PAGE}"' in home
    page = client.get(PAGE, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Wachtwoord wijzigen" in page
    assert "Oud wachtwoord" in page


def test_the_password_is_changed_and_the_session_stays(client_for, regisseur):
    client = client_for(regisseur)
    response = _change(client, PASSWORD, NEW)
    assert response.status_code == 302
    regisseur.refresh_from_db()
    assert regisseur.check_password(NEW)
    assert client.get(reverse("dashboard:home")).status_code == 200
    change = AuditEntry.objects.get(action=AuditAction.CHANGE)
    assert change.object_id == str(regisseur.pk)
    assert NEW not in change.detail


def test_a_wrong_old_password_is_refused(client_for, regisseur):
    response = _change(client_for(regisseur), "niet-het-oude", NEW)
    assert response.status_code == 200
    assert response.context["form"].errors["old_password"]
    regisseur.refresh_from_db()
    assert regisseur.check_password(PASSWORD)


def test_the_password_validators_apply(client_for, regisseur):
    response = _change(client_for(regisseur), PASSWORD, "12345678")
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]
    regisseur.refresh_from_db()
    assert regisseur.check_password(PASSWORD)


def test_the_page_needs_a_log_in(client):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
