"""Who sees what: every role × a set of cases × list / detail / search / API / print.

The expected visibility is written out here by hand (not computed with the policy under test),
so a change in `access.policy` that leaks or hides data makes this fail.
"""

import pytest
from django.urls import reverse

from schakel.audit.models import AuditEntry
from schakel.organisations.models import OrganisationKind as K
from schakel.organisations.models import Role
from tests.case_pages import whole_case_page
from tests.factories import (
    CaseFactory,
    CaseNoteFactory,
    OrganisationFactory,
    PersonFactory,
    make_user,
)

pytestmark = pytest.mark.django_db

NOTE_TEXT = {c: f"geheime-{c}-notitie" for c in ("general", "justice", "care", "tax")}

# role fixture name -> (role, organisation kind)
USERS = {
    "regisseur": (Role.PROCESS_DIRECTOR, K.SAFETY_HOUSE),
    "politie": (Role.PROFESSIONAL, K.POLICE),
    "reclassering": (Role.PROFESSIONAL, K.PROBATION),
    "wijkteam": (Role.PROFESSIONAL, K.DISTRICT_TEAM),
    "corporatie": (Role.PROFESSIONAL, K.HOUSING),
    "belasting": (Role.PROFESSIONAL, K.TAX),
    "coordinator": (Role.COORDINATOR, K.MUNICIPALITY),
    "analist": (Role.ANALYST, K.MUNICIPALITY),
    "beheerder": (Role.ADMINISTRATOR, K.MUNICIPALITY),
    "auditor": (Role.AUDITOR, K.SAFETY_HOUSE),
}

# case name -> organisation kinds taking part (besides the hosting Veiligheidshuis)
CASES = {
    "police_and_district_team": [K.POLICE, K.DISTRICT_TEAM],
    "probation_only": [K.PROBATION],
    "housing_and_tax": [K.HOUSING, K.TAX],
    "safety_house_only": [],
}

# user -> cases they may see
EXPECTED_CASES = {
    "regisseur": set(CASES),
    "politie": {"police_and_district_team"},
    "reclassering": {"probation_only"},
    "wijkteam": {"police_and_district_team"},
    "corporatie": {"housing_and_tax"},
    "belasting": {"housing_and_tax"},
    "coordinator": {"safety_house_only"},  # coordinates it, though the gemeente is not invited
    "analist": set(),
    "beheerder": set(),
    "auditor": set(),
}

# user -> note categories they may read on the cases they see
EXPECTED_CATEGORIES = {
    "regisseur": {"general", "justice", "care"},
    "politie": {"general", "justice"},
    "reclassering": {"general", "justice", "care"},
    "wijkteam": {"general", "care"},
    "corporatie": {"general"},
    "belasting": {"general", "tax"},
    "coordinator": {"general"},
    "analist": set(),
    "beheerder": set(),
    "auditor": set(),
}


@pytest.fixture
def world(db):
    house = OrganisationFactory(name="Test veiligheidshuis", kind=K.SAFETY_HOUSE)
    users = {
        name: make_user(
            role,
            kind,
            username=name,
            org_name="Test veiligheidshuis" if kind == K.SAFETY_HOUSE else None,
        )
        for name, (role, kind) in USERS.items()
    }
    cases, persons = {}, {}
    for name, kinds in CASES.items():
        participants = [
            users[u].organisation
            for u, (_r, k) in USERS.items()
            if k in kinds and users[u].role == Role.PROFESSIONAL
        ]
        person = PersonFactory(surname=f"Achternaam{name.replace('_', '')}")
        coordinator = users["coordinator"] if name == "safety_house_only" else users["regisseur"]
        case = CaseFactory(
            title=f"Casus {name}",
            host_organisation=house,
            lead_organisation=house,
            coordinator=coordinator,
            participants=participants,
            persons=[person],
        )
        for category, text in NOTE_TEXT.items():
            CaseNoteFactory(
                case=case,
                category=category,
                text=f"{text}-{name}",
                author=users["regisseur"],
                organisation=house,
            )
        cases[name], persons[name] = case, person
    return users, cases, persons


@pytest.mark.parametrize("username", list(USERS))
def test_case_list_and_detail_show_only_what_the_role_may_see(world, client, username):
    users, cases, _persons = world
    client.force_login(users[username])
    listing = client.get(reverse("cases:list"))
    if username in {"analist", "beheerder", "auditor"}:
        assert listing.status_code == 403
    else:
        assert listing.status_code == 200
        body = listing.content.decode()
        for name, case in cases.items():
            assert (case.reference in body) == (name in EXPECTED_CASES[username]), name
    for name, case in cases.items():
        detail = whole_case_page(client, case.pk)
        if name not in EXPECTED_CASES[username]:
            assert detail.status_code == 404, (username, name)
            continue
        assert detail.status_code == 200
        body = detail.content.decode()
        for category, text in NOTE_TEXT.items():
            shown = f"{text}-{name}" in body
            assert shown == (category in EXPECTED_CATEGORIES[username]), (username, name, category)


@pytest.mark.parametrize("username", list(USERS))
def test_person_search_reveals_nobody_outside_visible_cases(world, client, username):
    users, _cases, persons = world
    client.force_login(users[username])
    for name, person in persons.items():
        response = client.post(reverse("registry:search"), {"query": person.surname})
        if username in {"analist", "beheerder", "auditor"}:
            assert response.status_code == 403
            continue
        found = person.full_name in response.content.decode()
        assert found == (name in EXPECTED_CASES[username]), (username, name)
        detail = client.get(reverse("registry:detail", args=[person.pk]))
        assert detail.status_code == (200 if name in EXPECTED_CASES[username] else 404)


@pytest.mark.parametrize("username", list(USERS))
def test_print_obeys_the_same_rules_and_is_audited(world, client, username):
    users, cases, _persons = world
    client.force_login(users[username])
    for name, case in cases.items():
        response = client.get(reverse("cases:print", args=[case.pk]))
        visible = name in EXPECTED_CASES[username]
        assert response.status_code == (200 if visible else 404)
        printed = AuditEntry.objects.filter(
            action="print", object_id=str(case.pk), username=username
        ).exists()
        assert printed == visible


def test_every_case_view_writes_an_audit_entry_per_person(world, client):
    users, cases, persons = world
    client.force_login(users["politie"])
    case = cases["police_and_district_team"]
    last_id = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    client.get(reverse("cases:persons", args=[case.pk]))
    entries = AuditEntry.objects.filter(id__gt=last_id)
    person_entries = [
        e for e in entries if e.person_id_ref == persons["police_and_district_team"].pk
    ]
    assert person_entries, "viewing a case must log the person it is about"
    entry = person_entries[0]
    assert entry.username == "politie"
    assert entry.organisation_name == str(users["politie"].organisation)
    assert entry.action == "view" and entry.purpose


def test_refused_access_leaves_no_trace_of_the_case_in_the_log_detail(world, client):
    users, cases, _persons = world
    client.force_login(users["wijkteam"])
    client.get(reverse("cases:detail", args=[cases["probation_only"].pk]))
    assert not AuditEntry.objects.filter(
        object_id=str(cases["probation_only"].pk), username="wijkteam"
    ).exists()


@pytest.mark.parametrize("username", list(USERS))
def test_the_api_obeys_the_same_matrix(world, username):
    from rest_framework.test import APIClient

    users, cases, persons = world
    api = APIClient()
    api.force_authenticate(users[username])
    listed = {row["reference"] for row in api.get("/api/v1/cases").json()["results"]}
    assert listed == {cases[name].reference for name in EXPECTED_CASES[username]}
    for name, case in cases.items():
        detail = api.get(f"/api/v1/cases/{case.pk}")
        if name not in EXPECTED_CASES[username]:
            assert detail.status_code == 404, (username, name)
            continue
        notes = {note["text"] for note in detail.json()["notes"]}
        for category, text in NOTE_TEXT.items():
            assert (f"{text}-{name}" in notes) == (category in EXPECTED_CATEGORIES[username])
        found = api.post(
            "/api/v1/persons/_zoek", {"search": persons[name].surname}, format="json"
        ).json()["results"]
        assert [p["id"] for p in found] == [persons[name].pk]
    for name in set(CASES) - EXPECTED_CASES[username]:
        found = api.post(
            "/api/v1/persons/_zoek", {"search": persons[name].surname}, format="json"
        ).json()["results"]
        assert found == [], (username, name)


# user -> partner organisations named to them on the cases they see (issue 9): the involvement
# of a wijkteam (care) or reclassering (justice) is itself care or justice data
PARTNER_NAMES = {
    "police_and_district_team": {"Test police", "Test wijkteam"},
    "probation_only": {"Test reclassering"},
    "housing_and_tax": {"Test woningcorporatie", "Test belastingdienst"},
    "safety_house_only": set(),
}
EXPECTED_PARTNER_NAMES = {
    "regisseur": set().union(*PARTNER_NAMES.values()),
    "politie": {"Test police"},
    "reclassering": {"Test reclassering"},
    "wijkteam": {"Test police", "Test wijkteam"},
    "corporatie": {"Test woningcorporatie", "Test belastingdienst"},
    "belasting": {"Test woningcorporatie", "Test belastingdienst"},
    "coordinator": set(),
}


@pytest.mark.parametrize("username", list(EXPECTED_PARTNER_NAMES))
def test_partners_whose_involvement_reveals_care_or_justice_are_named_only_by_grant(
    world, client, username
):
    from rest_framework.test import APIClient

    users, cases, _persons = world
    client.force_login(users[username])
    api = APIClient()
    api.force_authenticate(users[username])
    for name in EXPECTED_CASES[username]:
        page = whole_case_page(client, cases[name].pk).content.decode()
        named = {org for org in PARTNER_NAMES[name] if org in page}
        assert named == PARTNER_NAMES[name] & EXPECTED_PARTNER_NAMES[username], (username, name)
        data = api.get(f"/api/v1/cases/{cases[name].pk}").json()
        listed = {p["organisation_name"] for p in data["participations"]}
        assert listed & PARTNER_NAMES[name] == named, (username, name)
