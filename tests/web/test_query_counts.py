"""Each page of the load benchmark's mixed workload (bench/web_load.py) costs as many queries on a
larger database as on a smaller one: no query per case, note, person or audit entry.

Measured on the demo data, then again after more of everything was added (cases with persons,
notes and interventions on the case shown, persons that match the search, signals, audit
entries). The region-sized figures are in docs/benchmarks.md.
"""

import datetime as dt
import re

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from schakel.audit.models import AuditAction
from schakel.audit.services import record_persons
from schakel.cases.models import Case
from schakel.organisations.models import User
from schakel.triage.models import EscalationLevel, IntakeCriterion
from tests.factories import (
    ActionPlanFactory,
    CaseFactory,
    CaseNoteFactory,
    InterventionFactory,
    PersonFactory,
    SignalFactory,
)


def _queries(call) -> tuple[int, int]:
    call()  # once before: sessions, caches and lazily loaded settings settle
    with CaptureQueriesContext(connection) as queries:
        response = call()
    assert response.status_code < 400, response.status_code
    return len(queries), response


def _measure(clients, case) -> dict[str, int]:
    regisseur, politie = clients
    counts = {}
    counts["case_list"], _ = _queries(lambda: regisseur.get("/casussen/"))
    # A search whose result grows with the data but stays under a page: an N+1 per case row
    # or per person shown would change the count (the first page of all cases stays 25 rows).
    counts["case_search"], _ = _queries(lambda: regisseur.post("/casussen/", {"query": GROWING}))
    counts["case_page"], _ = _queries(lambda: regisseur.get(f"/casussen/{case.pk}/"))
    counts["dashboard"], _ = _queries(lambda: politie.get("/"))
    counts["persons_api"], _ = _queries(
        lambda: regisseur.post(
            "/api/v1/persons/_zoek", {"search": GROWING}, content_type="application/json"
        )
    )
    counts["add_note"], _ = _queries(
        lambda: regisseur.post(
            f"/casussen/{case.pk}/notities/", {"category": "general", "text": "Afspraak gemaakt."}
        )
    )
    counts["create_signal"], response = _queries(
        lambda: politie.post("/signalen/nieuw/", _signal())
    )
    signal_pk = re.search(r"/signalen/(\d+)/", response["Location"]).group(1)
    with CaptureQueriesContext(connection) as queries:
        response = regisseur.post(f"/signalen/{signal_pk}/triage/", _triage())
    assert response.status_code == 302, response.status_code
    counts["triage"] = len(queries)
    return counts


GROWING = "Groeiwijk"  # the title of the searched cases and the surname of the searched persons


def _growing_cases(house, coordinator, n: int) -> None:
    """n cases titled GROWING, each with a person named GROWING."""
    for _ in range(n):
        extra = CaseFactory(host_organisation=house, coordinator=coordinator, title=GROWING)
        extra.persons.add(PersonFactory(surname=GROWING))


def _signal() -> dict:
    from schakel.intake.models import SignalCategory

    return {
        "category": SignalCategory.objects.filter(is_active=True).order_by("pk").first().pk,
        "urgency": "normal",
        "description": "Zorgen over overlast.",
        "data_category": "general",
        "receiving_organisation": User.objects.get(username="regisseur").organisation_id,
    }


def _triage() -> dict:
    data = {f"criterion_{c.pk}": "no" for c in IntakeCriterion.objects.filter(is_active=True)}
    regisseur = User.objects.get(username="regisseur")
    data.update(
        level=EscalationLevel.objects.order_by("pk").first().pk,
        lead_organisation=regisseur.organisation_id,
        reason="Past bij het niveau.",
        reason_category="general",
    )
    return data


def _grow(case, regisseur, politie, n: int) -> None:
    """More of everything the pages read: n older cases with persons, notes and interventions
    on the case shown, persons found by the search, signals, audit entries.

    The persons on the pages shown stay the same: each shown person is one audit entry, and on
    SQLite the entries go in one insert per 62 (Django's limit of 999 parameters a query)."""
    house = regisseur.organisation
    persons = [PersonFactory() for _ in range(n)]
    older = []
    for k in range(n):
        extra = CaseFactory(host_organisation=house, coordinator=regisseur)
        extra.persons.add(*persons[k : k + 3])
        older.append(extra.pk)
        CaseNoteFactory(case=case, author=regisseur, organisation=house)
        SignalFactory(
            receiving_organisation=house, reporting_organisation=politie.organisation,
            reported_by=politie,
        )  # fmt: skip
    Case.objects.filter(pk__in=older).update(created_at=timezone.now() - dt.timedelta(days=999))
    plan = getattr(case, "plan", None) or ActionPlanFactory(case=case)
    for _ in range(n):
        InterventionFactory(plan=plan, owner_organisation=house)
    record_persons(regisseur, AuditAction.VIEW, persons)
    _growing_cases(house, regisseur, 10)


def test_the_workload_pages_cost_the_same_queries_on_a_larger_database(demo):
    regisseur = User.objects.get(username="regisseur")
    politie = User.objects.get(username="politie")
    case = (
        Case.objects.filter(host_organisation=regisseur.organisation, coordinator=regisseur)
        .exclude(status__in=["afgesloten", "afgewezen", "doorverwezen"])
        .order_by("pk")
        .first()
    )
    clients = (Client(), Client())
    clients[0].force_login(regisseur)
    clients[1].force_login(politie)
    _growing_cases(regisseur.organisation, regisseur, 2)
    smaller = _measure(clients, case)
    _grow(case, regisseur, politie, 30)
    larger = _measure(clients, case)
    assert larger == smaller
    found = clients[0].post("/casussen/", {"query": GROWING}).context["page"]
    assert len(found.object_list) == 12  # the search really shows more rows on the larger one
    persons = (
        clients[0]
        .post("/api/v1/persons/_zoek", {"search": GROWING}, content_type="application/json")
        .json()
    )
    assert persons["count"] == 12
