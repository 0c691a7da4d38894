"""Every API read that shows personal data is audited per person shown, with the client's address
and the session it came from (NEN 7513: who looked at whom, from where)."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from schakel.audit.models import AuditEntry
from schakel.conferences.models import AgendaItem, Attendance
from schakel.config.api_urls import router
from schakel.notifications.kinds import NotificationKind
from schakel.notifications.services import notify
from tests.factories import (
    ActionPlanFactory,
    CaseFactory,
    ConferenceFactory,
    InterventionFactory,
    PersonFactory,
    SignalFactory,
)

pytestmark = pytest.mark.django_db

CLIENT_ADDRESS = "203.0.113.7"
# Router basenames whose data is not about persons: only these may be read without an audit entry.
# A document's details are its title, kind and size (titles are asked without personal data);
# its content is personal data, and every download of it is audited (tests/access/
# test_document_matrix.py).
NOT_PERSONAL_DATA = {"organisation", "notification", "document"}
# Router basenames that show persons only as typed (statements, never linked to a known person):
# each statement read is audited as such.
STATEMENTS_ONLY = {"advice-question"}


@pytest.fixture
def world(regisseur, wijkteam):
    persons = [PersonFactory(), PersonFactory()]
    case = CaseFactory(participants=[wijkteam.organisation], persons=persons)
    intervention = InterventionFactory(plan=ActionPlanFactory(case=case))
    signal = SignalFactory(receiving_organisation=regisseur.organisation)
    signal.persons.add(*persons)
    conference = ConferenceFactory(host_organisation=regisseur.organisation)
    AgendaItem.objects.create(conference=conference, case=case)
    Attendance.objects.create(
        conference=conference, user=regisseur, organisation=regisseur.organisation
    )
    return {
        "persons": persons,
        "case": case,
        "intervention": intervention,
        "signal": signal,
        "conference": conference,
        "person": persons[0],
    }


@pytest.fixture
def session_client(regisseur):
    """A browser-like API client: a real session cookie, a client address."""
    client = APIClient(REMOTE_ADDR=CLIENT_ADDRESS)
    client.force_login(regisseur)
    return client


def _new_entries(since_id: int):
    return AuditEntry.objects.filter(id__gt=since_id)


def _document(case, user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from schakel.documents import services as documents

    upload = SimpleUploadedFile("stuk.pdf", b"%PDF-1.4 stuk")
    return documents.store(by=user, upload=upload, title="Stuk", data_category="general", case=case)


def _last_id() -> int:
    return AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


def _assert_audited_for(persons, entries, user):
    shown = {entry.person_id_ref for entry in entries}
    assert {person.pk for person in persons} <= shown
    for entry in entries:
        assert entry.user_id_ref == user.pk
        assert entry.client_address == CLIENT_ADDRESS
        assert entry.session_ref.startswith("s:")
        assert len(entry.session_ref) > 10


@pytest.mark.parametrize(
    "route",
    ["case-list", "conference-list", "intervention-list", "signal-list", "person-list"],
)
def test_api_list_audits_every_person_shown(session_client, world, regisseur, route):
    since = _last_id()

    response = session_client.get(reverse(route))

    assert response.status_code == 200
    assert response.json()["results"]
    _assert_audited_for(world["persons"], _new_entries(since), regisseur)


def test_api_person_search_audits_every_person_found(session_client, world, regisseur):
    since = _last_id()
    person = world["person"]

    response = session_client.post(
        reverse("person-search"), {"search": person.surname}, format="json"
    )

    assert [row["id"] for row in response.json()["results"]] == [person.pk]
    _assert_audited_for([person], _new_entries(since), regisseur)


@pytest.mark.parametrize(
    ("route", "key"),
    [
        ("case-detail", "case"),
        ("conference-detail", "conference"),
        ("intervention-detail", "intervention"),
        ("signal-detail", "signal"),
        ("person-detail", "person"),
    ],
)
def test_api_detail_audits_every_person_shown(session_client, world, regisseur, route, key):
    since = _last_id()

    response = session_client.get(reverse(route, args=[world[key].pk]))

    assert response.status_code == 200
    persons = [world["person"]] if key == "person" else world["persons"]
    _assert_audited_for(persons, _new_entries(since), regisseur)


def test_one_session_has_one_reference_and_another_session_another(world, regisseur):
    first, second = (APIClient(REMOTE_ADDR=CLIENT_ADDRESS) for _ in range(2))
    for client in (first, second):
        client.force_login(regisseur)
    refs = []
    for client in (first, first, second):
        since = _last_id()
        client.get(reverse("case-detail", args=[world["case"].pk]))
        refs.append({entry.session_ref for entry in _new_entries(since)})

    assert refs[0] == refs[1]
    assert len(refs[0]) == 1
    assert refs[0] != refs[2]
    raw_key = first.session.session_key
    assert not AuditEntry.objects.filter(session_ref__contains=raw_key).exists()


def _api_get_patterns():
    """(name, needs an id) of every named pattern in the API URLconf."""
    resolver = get_resolver("schakel.config.api_urls")
    found = []

    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern) and pattern.name:
                found.append(pattern)

    walk(resolver.url_patterns)
    return found


def _handover(signal, regisseur, wijkteam):
    from schakel.intake.services import triage_signal
    from tests.factories import level

    triage_signal(
        signal,
        by=regisseur,
        level=level(2),
        lead_organisation=wijkteam.organisation,
        reason="Eén plan.",
        answers={},
    )
    return signal.handovers.get()


def _advice_question(wijkteam, regisseur):
    from schakel.advice.services import ask_advice
    from schakel.registry.services import record_statement

    statement = record_statement(by=wijkteam, person={"surname": "Getypt"}, address=None)
    return ask_advice(
        by=wijkteam,
        safety_house=regisseur.organisation,
        question="Vraag",
        reported_subjects=[statement],
    )


def test_every_api_endpoint_that_reads_persons_audits_them(
    session_client, world, regisseur, wijkteam
):
    """A new list or detail endpoint fails here until it audits the persons it shows, or is
    named in NOT_PERSONAL_DATA."""
    ids = {
        "case": world["case"].pk,
        "conference": world["conference"].pk,
        "intervention": world["intervention"].pk,
        "signal": world["signal"].pk,
        "person": world["person"].pk,
        "organisation": regisseur.organisation.pk,
        "handover": _handover(world["signal"], regisseur, wijkteam).pk,
        "advice-question": _advice_question(wijkteam, regisseur).pk,
        "document": _document(world["case"], regisseur).pk,
        "notification": notify(
            [regisseur], kind=NotificationKind.CONFERENCE_INVITATION, link="/overleggen/1/"
        )[0].pk,
    }
    walked = []
    for _prefix, viewset, basename in router.registry:
        for suffix in ("list", "detail"):
            if not hasattr(viewset, "list" if suffix == "list" else "retrieve"):
                continue
            name = f"{basename}-{suffix}"
            args = [] if suffix == "list" else [ids[basename]]
            since = _last_id()
            response = session_client.get(reverse(name, args=args))
            assert response.status_code == 200, name
            walked.append(name)
            if basename in NOT_PERSONAL_DATA:
                continue
            entries = list(_new_entries(since))
            if basename in STATEMENTS_ONLY:
                typed = [e for e in entries if e.object_type == "registry.reportedsubject"]
                assert typed, f"{name} reads statements unaudited"
                continue
            assert any(entry.person_id_ref for entry in entries), f"{name} reads persons unaudited"
            _assert_audited_for([], entries, regisseur)
    # Every other endpoint is known here: the schema, a question (POST), searches (POST, tested
    # above) and the routes this test walked. A new one must be added to a list on purpose.
    router_names = {pattern.name for pattern in router.urls}
    # Tasks name the kind of work and the reference of what it is about, never a person
    # (docs/access-model.md, "Mijn werk"): no personal data, so no audit entry.
    others = {
        "api-schema", "api-schema-slash", "api-openapi-json", "api-not-found", "case-documents", "api-docs", "api-redoc", "already-known", "api-root", "person-search",
        "task-list",
    }  # fmt: skip
    unknown = {p.name for p in _api_get_patterns()} - router_names - others
    assert not unknown, unknown
    assert {n for n in router_names if n.endswith(("-list", "-detail"))} <= set(walked)
