"""The privacy officer's screens: only auditors, filters, a person's entries and their export."""

import csv
import io

import pytest
from django.urls import reverse

from schakel.audit.models import AuditAction, AuditEntry
from schakel.audit.services import record
from tests.factories import VALID_BSNS, PersonFactory

pytestmark = pytest.mark.django_db


def _rows(response) -> list[dict]:
    content = b"".join(response.streaming_content).decode("utf-8")
    reader = csv.reader(io.StringIO(content))
    header, *rows = list(reader)
    return [dict(zip(header, row, strict=True)) for row in rows]


@pytest.mark.parametrize("role", ["regisseur", "politie", "analist"])
def test_audit_log_is_forbidden_for_other_roles(request, client_for, role):
    user = request.getfixturevalue(role)
    client = client_for(user)
    for url in (
        reverse("privacy:list"),
        reverse("privacy:person_lookup"),
        reverse("privacy:person", args=[1]),
        reverse("privacy:person_export", args=[1]),
    ):
        assert client.get(url).status_code == 403
    assert client.post(reverse("privacy:verify")).status_code == 403


def test_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(reverse("privacy:list"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_auditor_sees_the_audit_log(client_for, auditor, regisseur):
    entry = record(regisseur, AuditAction.VIEW, object_type="cases.case", object_id=42)
    response = client_for(auditor).get(reverse("privacy:list"))
    assert response.status_code == 200
    assert entry in response.context["entries"]
    assert reverse("privacy:verify") in response.content.decode()


def test_reading_the_log_is_itself_logged(client_for, auditor):
    client_for(auditor).get(reverse("privacy:list"), {"person_id": 5, "action": "view"})
    read = AuditEntry.objects.filter(user_id_ref=auditor.pk, action=AuditAction.LIST).latest("id")
    assert read.person_id_ref == 5
    assert read.detail == "filters=action,person_id; page=1"


def test_filters_narrow_the_list(client_for, auditor, regisseur, politie):
    by_regisseur = record(regisseur, AuditAction.VIEW, object_type="cases.case", person_id=11)
    by_politie = record(politie, AuditAction.EXPORT, object_type="registry.person", person_id=12)
    client = client_for(auditor)

    def listed(**params):
        return set(client.get(reverse("privacy:list"), params).context["entries"])

    assert by_regisseur in listed(username="regisseur")
    assert by_politie not in listed(username="regisseur")
    assert listed(action="export") == {by_politie}
    assert listed(person_id=11) == {by_regisseur}
    assert by_politie in listed(organisation="police")
    assert by_regisseur not in listed(organisation="police")
    assert listed(object_type="registry.person", action="export") == {by_politie}


def test_the_log_shows_where_each_entry_came_from_and_filters_on_it(client_for, auditor, regisseur):
    """A privacy officer tracing misuse follows one session or one client address (issue 9)."""
    from django.test import RequestFactory

    from schakel.audit.context import AuditContextMiddleware

    def record_from(address: str, session_key: str):
        request = RequestFactory().get("/", REMOTE_ADDR=address)
        request.session = type("Session", (), {"session_key": session_key})()
        entries = []
        AuditContextMiddleware(
            lambda _request: entries.append(
                record(regisseur, AuditAction.VIEW, object_type="cases.case", person_id=11)
            )
        )(request)
        return entries[0]

    from_office = record_from("10.1.2.3", "office-session")
    from_elsewhere = record_from("192.0.2.77", "other-session")
    office_session = from_office.session_ref
    assert office_session.startswith("s:") and office_session != from_elsewhere.session_ref
    client = client_for(auditor)
    page = client.get(reverse("privacy:list")).content.decode()
    assert "10.1.2.3" in page and "192.0.2.77" in page
    assert office_session[:14] in page

    def listed(**params):
        return set(client.get(reverse("privacy:list"), params).context["entries"])

    assert listed(client_address="10.1.2.3") == {from_office}
    assert listed(session_ref=from_elsewhere.session_ref) == {from_elsewhere}
    assert listed(session_ref=office_session[:14]) == {from_office}  # the shown prefix is enough
    response = client.get(reverse("privacy:list"), {"client_address": "not an address"})
    assert response.status_code == 200
    assert "client_address" in response.context["form"].errors


def test_date_filters_cover_whole_days(client_for, auditor, regisseur):
    entry = record(regisseur, AuditAction.VIEW)
    day = entry.timestamp.astimezone().date().isoformat()
    client = client_for(auditor)
    assert (
        entry
        in client.get(reverse("privacy:list"), {"date_from": day, "date_to": day}).context[
            "entries"
        ]
    )
    assert (
        entry
        not in client.get(reverse("privacy:list"), {"date_to": "2000-01-01"}).context["entries"]
    )


def test_invalid_filter_shows_an_error_instead_of_failing(client_for, auditor):
    response = client_for(auditor).get(
        reverse("privacy:list"),
        {"person_id": "abc", "date_from": "2025-02-01", "date_to": "2025-01-01"},
    )
    assert response.status_code == 200
    assert "person_id" in response.context["form"].errors
    assert "date_to" in response.context["form"].errors


def test_list_is_paginated_by_fifty(client_for, auditor, regisseur):
    for i in range(55):
        record(regisseur, AuditAction.VIEW, object_type="cases.case", object_id=i)
    client = client_for(auditor)
    first = client.get(reverse("privacy:list"), {"username": "regisseur"})
    assert len(first.context["entries"]) == 50
    second = client.get(reverse("privacy:list"), {"username": "regisseur", "page": 2})
    assert len(second.context["entries"]) == 5
    assert "username=regisseur" in first.content.decode()  # filters kept in the page links


def test_person_export_holds_only_that_persons_entries_and_is_audited(
    client_for, auditor, regisseur
):
    about_him = [record(regisseur, AuditAction.VIEW, person_id=21) for _ in range(3)]
    about_someone_else = record(regisseur, AuditAction.VIEW, person_id=22)

    response = client_for(auditor).get(reverse("privacy:person_export", args=[21]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = _rows(response)
    exported_ids = [int(next(iter(row.values()))) for row in rows]
    assert exported_ids == [e.pk for e in about_him]
    assert about_someone_else.pk not in exported_ids
    assert {row[list(row)[8]] for row in rows} == {"21"}  # the person id column
    export = AuditEntry.objects.get(action=AuditAction.EXPORT, user_id_ref=auditor.pk)
    assert export.person_id_ref == 21


def test_export_of_an_unknown_person_id_is_404_and_not_logged(client_for, auditor):
    response = client_for(auditor).get(reverse("privacy:person_export", args=[999999]))
    assert response.status_code == 404
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()


def test_person_lookup_by_bsn_is_posted_audited_and_leads_to_the_entries(client_for, auditor):
    person = PersonFactory(bsn=VALID_BSNS[0])
    client = client_for(auditor)

    response = client.post(reverse("privacy:person_lookup"), {"bsn": VALID_BSNS[0]})

    assert response.status_code == 302
    assert response["Location"] == reverse("privacy:person", args=[person.pk])
    assert VALID_BSNS[0] not in response["Location"]
    search = AuditEntry.objects.get(action=AuditAction.SEARCH, user_id_ref=auditor.pk)
    assert search.person_id_ref == person.pk
    assert VALID_BSNS[0] not in search.detail
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert person.surname in page.content.decode()
    assert AuditEntry.objects.filter(
        action=AuditAction.VIEW, user_id_ref=auditor.pk, person_id_ref=person.pk
    ).exists()


def test_person_lookup_by_name_lists_matches(client_for, auditor):
    jansen = PersonFactory(given_names="Piet", surname="Jansen")
    jansens = PersonFactory(given_names="Klaas", surname="Jansen")
    PersonFactory(given_names="Piet", surname="de Vries")

    response = client_for(auditor).post(reverse("privacy:person_lookup"), {"name": "jansen"})

    assert response.status_code == 200
    assert set(response.context["results"]) == {jansen, jansens}
    searches = AuditEntry.objects.filter(action=AuditAction.SEARCH, user_id_ref=auditor.pk)
    assert {s.person_id_ref for s in searches} == {jansen.pk, jansens.pk}
    assert all("Jansen" not in s.detail and "jansen" not in s.detail for s in searches)


def test_person_lookup_without_match_or_with_bad_bsn(client_for, auditor):
    client = client_for(auditor)
    nothing = client.post(reverse("privacy:person_lookup"), {"name": "Onbekend"})
    assert nothing.status_code == 200
    assert nothing.context["results"] == []
    assert AuditEntry.objects.filter(action=AuditAction.SEARCH, person_id_ref=None).exists()

    bad = client.post(reverse("privacy:person_lookup"), {"bsn": "123456789"})
    assert bad.status_code == 200
    assert "bsn" in bad.context["form"].errors
    empty = client.post(reverse("privacy:person_lookup"), {})
    assert empty.context["form"].non_field_errors()


def test_verify_chain_button_reports_an_intact_chain(client_for, auditor, regisseur):
    record(regisseur, AuditAction.VIEW)
    client = client_for(auditor)
    response = client.post(reverse("privacy:verify"), follow=True)
    assert response.status_code == 200
    check = response.context["chain_check"]
    assert check["break_count"] == 0
    assert check["checked"] >= 1


def test_the_log_shows_role_names_not_codes(client_for, auditor, regisseur):
    from schakel.audit.services import record

    record(regisseur, "view", object_type="cases.case", object_id="1")
    body = client_for(auditor).get("/audit/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Process director" in body


def test_verify_chain_screen_reports_a_truncated_log(client_for, auditor, regisseur, settings):
    """The privacy officer's check signs a checkpoint; deleting the newest entries afterwards (as
    an attacker who dropped the trigger, or a restore from an older backup) shows up on screen."""
    from django.db import connection

    from schakel.audit.checkpoints import CHECKPOINTED_ENTRY_MISSING

    entries = [record(regisseur, AuditAction.VIEW, object_id=i) for i in range(5)]
    client = client_for(auditor)
    client.post(reverse("privacy:verify"))
    assert list(settings.SCHAKEL_AUDIT_CHECKPOINT_DIR.glob("checkpoint-*.json"))
    newest = AuditEntry.objects.order_by("-id").first()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER IF EXISTS audit_append_only ON audit_auditentry")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS audit_append_only_delete")
        cursor.execute("DELETE FROM audit_auditentry WHERE id > %s", [entries[1].pk])

    response = client.post(reverse("privacy:verify"), follow=True)

    check = response.context["chain_check"]
    assert check["break_count"] >= 1
    assert check["checkpoint_broken"]
    assert {"entry_id": newest.pk, "reason": CHECKPOINTED_ENTRY_MISSING} in check["breaks"]
    body = response.content.decode()
    assert f"Entry {newest.pk}" in body
    assert "restored from an older backup" in body
    dutch = client.get(reverse("privacy:list"), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "oudere back-up" in dutch


def test_the_log_names_objects_as_people_know_them(client_for, auditor, regisseur):
    """Issue 12: the audit screen showed `cases.case #113` and `linkage.candidatepair`; it names
    them as people know them — the kind in Dutch and the case or signal reference, the
    intervention's name — in one query per kind, not one per entry."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import CaseFactory, InterventionFactory, SignalFactory

    case = CaseFactory()
    signal = SignalFactory()
    intervention = InterventionFactory()
    for obj in (case, signal, intervention):
        record(regisseur, AuditAction.VIEW, obj=obj)
    record(regisseur, AuditAction.LIST, object_type="linkage.candidatepair", detail="3 paren")
    client = client_for(auditor)
    client.get(reverse("privacy:list"))  # warm: session, caches
    with CaptureQueriesContext(connection) as few:
        body = client.get(reverse("privacy:list")).content.decode()
    assert f"case {case.reference}" in body
    assert f"signal {signal.reference}" in body
    assert f"intervention {intervention.type.name}" in body
    assert "candidate pair" in body
    assert "cases.case #" not in body and "linkage.candidatepair" not in body
    for _ in range(5):
        record(regisseur, AuditAction.VIEW, obj=CaseFactory())
    with CaptureQueriesContext(connection) as more:
        client.get(reverse("privacy:list"))
    assert len(more) == len(few)
