"""Log-in, log-out and failed log-ins are audited; credentials never reach the log."""

import pytest
from django.urls import reverse

from schakel.audit.chain import CHAINED_FIELDS
from schakel.audit.models import AuditAction, AuditEntry, Purpose

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


def test_failed_log_in_names_the_targeted_account_by_id(client, regisseur):
    client.post(reverse("login"), {"username": "regisseur", "password": "fout"})
    failed = AuditEntry.objects.get(action=AuditAction.LOGIN_FAILED)
    assert failed.object_type == "organisations.user"
    assert failed.object_id == str(regisseur.pk)
    assert failed.user_id_ref is None  # the actor is unknown: nobody logged in


def test_failed_log_in_on_an_unknown_account_keeps_nothing_typed(client, regisseur):
    typed = "j.jansen-geheim"
    client.post(reverse("login"), {"username": typed, "password": "fout"})
    failed = AuditEntry.objects.get(action=AuditAction.LOGIN_FAILED)
    assert failed.object_id == ""
    assert failed.detail == "onbekend account"
    assert not any(typed in str(getattr(failed, name)) for name in CHAINED_FIELDS)


def test_a_lockout_and_the_attempts_it_refuses_are_audited(client, regisseur, settings):
    for _ in range(settings.SCHAKEL_LOGIN_FAILURES_PER_ACCOUNT):
        client.post(reverse("login"), {"username": "regisseur", "password": "fout"})
    lockout = AuditEntry.objects.get(action=AuditAction.LOCKOUT)
    assert lockout.object_id == str(regisseur.pk)
    assert lockout.purpose == Purpose.AUTHENTICATION
    assert lockout.detail == "vergrendeld: account"

    client.post(reverse("login"), {"username": "regisseur", "password": PASSWORD})
    refused = AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED).first()  # newest first
    assert refused.object_id == str(regisseur.pk)
    assert refused.detail == "geweigerd: vergrendeld"
    assert not AuditEntry.objects.filter(action=AuditAction.LOGIN).exists()


def test_the_attempt_that_closes_the_lock_is_a_plain_failure(client, regisseur, settings):
    for _ in range(settings.SCHAKEL_LOGIN_FAILURES_PER_ACCOUNT):
        client.post(reverse("login"), {"username": "regisseur", "password": "fout"})
    failures = AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED)
    assert failures.count() == settings.SCHAKEL_LOGIN_FAILURES_PER_ACCOUNT
    assert set(failures.values_list("detail", flat=True)) == {""}
