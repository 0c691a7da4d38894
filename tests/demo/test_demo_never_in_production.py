"""Demo data is impossible in production, and loading it afresh never deletes what users entered."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse

from schakel.audit.models import AuditEntry, Purpose
from schakel.cases.models import Case, CaseNote
from schakel.demo.constants import DEMO_USERNAMES
from schakel.demo.models import DemoInstallation
from schakel.intake.models import Signal
from schakel.organisations.models import User
from schakel.registry.models import Person
from tests.factories import CaseNoteFactory, SignalFactory


@pytest.mark.django_db
@override_settings(SCHAKEL_ALLOW_DEMO=False)
def test_load_demo_refuses_where_demo_data_is_not_allowed():
    with pytest.raises(CommandError, match="SCHAKEL_ALLOW_DEMO"):
        call_command("load_demo", stdout=StringIO())
    assert not DemoInstallation.objects.exists()
    assert not Person.objects.exists()
    assert not User.objects.filter(username__in=DEMO_USERNAMES).exists()


@override_settings(SCHAKEL_ALLOW_DEMO=False)
def test_the_log_in_page_lists_no_demo_accounts_where_demo_data_is_not_allowed(demo, db, client):
    page = client.get(reverse("login")).content.decode()
    assert "regisseur" not in page
    assert "Demo" not in page


def test_the_log_in_page_lists_the_demo_accounts_of_a_demo_installation(demo, db, client):
    page = client.get(reverse("login")).content.decode()
    assert "<code>regisseur</code>" in page


def test_force_refuses_when_users_entered_data_after_the_demo_and_deletes_nothing(demo, db):
    regisseur = User.objects.get(username="regisseur")
    signal = SignalFactory(
        receiving_organisation=regisseur.organisation,
        reporting_organisation=regisseur.organisation,
        reported_by=regisseur,
    )
    note = CaseNoteFactory(case=Case.objects.first(), author=regisseur)
    before = {m: m.objects.count() for m in (Signal, CaseNote, Case, Person, User)}
    installation = DemoInstallation.objects.get()
    with pytest.raises(CommandError) as refusal:
        call_command("load_demo", force=True, stdout=StringIO())
    message = str(refusal.value)
    assert "1 signal" in message
    assert "1 case note" in message
    assert Signal.objects.filter(pk=signal.pk).exists()
    assert CaseNote.objects.filter(pk=note.pk).exists()
    assert {m: m.objects.count() for m in before} == before
    assert DemoInstallation.objects.get() == installation


def test_removing_the_demo_data_is_in_the_audit_log(demo, db):
    call_command("load_demo", seed=7, force=True, stdout=StringIO())
    removal = AuditEntry.objects.filter(purpose=Purpose.DEMO_REMOVAL).get()
    assert removal.action == "delete"
    assert "seed 2026" in removal.detail
