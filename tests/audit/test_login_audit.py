"""Log-in, log-out and failed log-ins are audited; credentials never reach the log."""

import pytest
from django.urls import reverse

from schakel.audit.chain import CHAINED_FIELDS
from schakel.audit.models import AuditAction, AuditEntry

pytestmark = pytest.mark.django_db

PASSWORD = "geheim-wachtwoord"  # noqa: S105 (set by UserFactory)


def test_log_in_and_log_out_are_audited(client, regisseur):
    response = client.post(reverse("login"), {"username": "regisseur", "password": PASSWORD})
    assert response.status_code == 302

    login = AuditEntry.objects.get(action=AuditAction.LOGIN)
    assert login.user_id_ref == regisseur.pk
    assert login.username == "regisseur"
    assert login.organisation_name == "Test veiligheidshuis"

    client.post(reverse("logout"))
    logout = AuditEntry.objects.get(action=AuditAction.LOGOUT)
    assert logout.user_id_ref == regisseur.pk
    assert logout.previous_hash == login.entry_hash


def test_failed_log_in_is_audited_without_credentials(client, regisseur):
    wrong = "verkeerd-Wachtwoord-123"
    response = client.post(reverse("login"), {"username": "regisseur", "password": wrong})
    assert response.status_code == 200  # the form shows its error

    failed = AuditEntry.objects.get(action=AuditAction.LOGIN_FAILED)
    assert failed.username == "anoniem"
    assert failed.user_id_ref is None
    stored = [str(getattr(failed, name)) for name in (*CHAINED_FIELDS, "previous_hash")]
    assert not any(wrong in value for value in stored)
    assert not any("regisseur" in value for value in stored)
    assert not AuditEntry.objects.filter(action=AuditAction.LOGIN).exists()


def test_password_typed_as_user_name_is_not_stored(client, regisseur):
    client.post(reverse("login"), {"username": PASSWORD, "password": PASSWORD})
    failed = AuditEntry.objects.get(action=AuditAction.LOGIN_FAILED)
    assert not any(PASSWORD in str(getattr(failed, name)) for name in CHAINED_FIELDS)
