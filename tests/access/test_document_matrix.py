"""Documents follow the same rules as the case's notes, in the UI and in the API: every role ×
every case × every data category. A reader who may not see the case or the category gets 404
(the document's existence is not revealed); every download that is answered is in the audit log.
"""

import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from schakel.audit.models import AuditEntry
from schakel.documents.models import Document
from tests.access.test_matrix import EXPECTED_CASES, EXPECTED_CATEGORIES, USERS, world  # noqa: F401

pytestmark = pytest.mark.django_db

CATEGORIES = ("general", "justice", "care", "tax")


def _pdf(text: str) -> bytes:
    return b"%PDF-1.4\n% " + text.encode() + b"\n%%EOF\n"


@pytest.fixture
def documents(world):  # noqa: F811
    users, cases, _persons = world
    made = {}
    for name, case in cases.items():
        for category in CATEGORIES:
            document = Document(
                case=case, title=f"stuk-{category}-{name}", original_name="stuk.pdf",
                content_type="application/pdf", extension=".pdf", size=20, sha256="0" * 64,
                data_category=category, uploaded_by=users["regisseur"],
                organisation=users["regisseur"].organisation, uploaded_at=timezone.now(),
            )  # fmt: skip
            document.file.save("x", ContentFile(_pdf(f"{category}-{name}")), save=False)
            document.save()
            made[name, category] = document
    return made


@pytest.mark.parametrize("username", list(USERS))
def test_every_role_gets_exactly_the_documents_it_may_see(world, documents, client, username):  # noqa: F811
    users, cases, _persons = world
    user = users[username]
    client.force_login(user)
    api = APIClient()
    api.force_authenticate(user)
    for (name, category), document in documents.items():
        allowed = name in EXPECTED_CASES[username] and category in EXPECTED_CATEGORIES[username]
        before = AuditEntry.objects.count()
        page = client.get(reverse("documents:download", args=[document.pk]))
        content = api.get(f"/api/v1/documents/{document.pk}/content")
        details = api.get(f"/api/v1/documents/{document.pk}")
        expected = 200 if allowed else 404
        assert (page.status_code, content.status_code, details.status_code) == (expected,) * 3, (
            username, name, category,
        )  # fmt: skip
        downloads = AuditEntry.objects.filter(
            id__gt=0, action="download", object_id=str(document.pk), username=username
        )
        if allowed:
            assert b"".join(page.streaming_content) == _pdf(f"{category}-{name}")
            assert page["Cache-Control"] == "private, no-store"
            assert downloads.count() >= 2  # the page's and the API's download, each logged
        else:
            assert AuditEntry.objects.count() == before  # a refusal leaves no trace of it
    for name, case in cases.items():
        section = client.get(reverse("documents:case", args=[case.pk]))
        listed = api.get(f"/api/v1/cases/{case.pk}/documents")
        if name not in EXPECTED_CASES[username]:
            assert (section.status_code, listed.status_code) == (404, 404)
            continue
        html = section.content.decode()
        titles = {row["title"] for row in listed.json()["results"]}
        for category in CATEGORIES:
            shown = category in EXPECTED_CATEGORIES[username]
            title = f"stuk-{category}-{name}"
            assert (title in html, title in titles) == (shown, shown), (username, name, category)


def test_a_partner_cannot_upload_in_a_category_it_may_not_see(world, client):  # noqa: F811
    users, cases, _persons = world
    client.force_login(users["corporatie"])
    case = cases["housing_and_tax"]
    upload = io.BytesIO(_pdf("x"))
    upload.name = "verslag.pdf"
    response = client.post(
        reverse("documents:case", args=[case.pk]),
        {"file": upload, "title": "Verslag", "data_category": "justice"},
    )
    assert response.status_code == 400
    assert not Document.objects.filter(case=case).exists()


def test_filtering_by_a_case_one_may_not_see_reveals_nothing(world, documents):  # noqa: F811
    """A case that exists but is not yours answers like one that does not exist: empty."""
    users, cases, _persons = world
    api = APIClient()
    api.force_authenticate(users["politie"])
    hidden = cases["probation_only"].pk
    answers = [api.get("/api/v1/documents", {"case": case_id}) for case_id in (hidden, 987654)]
    assert [a.status_code for a in answers] == [200, 200]
    assert [a.json()["count"] for a in answers] == [0, 0]
    own = api.get("/api/v1/documents", {"case": cases["police_and_district_team"].pk}).json()
    assert own["count"] == 2  # general and justice, the police's categories


@pytest.mark.parametrize("username", list(USERS))
def test_a_hot_spot_plans_documents_every_role(world, client, username):  # noqa: F811
    """A plan is open to every user of the area approach; its documents then by data category
    — the case workers' categories, nothing for analyst, beheerder and auditor (UI and API)."""
    import datetime

    from schakel.areas.models import HotspotPlan
    from schakel.registry.models import Area

    users, _cases, _persons = world
    regisseur = users["regisseur"]
    today = timezone.localdate()
    plan = HotspotPlan.objects.create(
        area=Area.objects.create(name="Matrixbuurt"),
        title="Matrixplan",
        host_organisation=regisseur.organisation,
        coordinator=regisseur,
        starts_on=today,
        ends_on=today + datetime.timedelta(days=90),
    )
    made = {}
    for category in CATEGORIES:
        document = Document(
            plan=plan, title=f"planstuk-{category}", original_name="stuk.pdf",
            content_type="application/pdf", extension=".pdf", size=20, sha256="0" * 64,
            data_category=category, uploaded_by=regisseur,
            organisation=regisseur.organisation, uploaded_at=timezone.now(),
        )  # fmt: skip
        document.file.save("x", ContentFile(_pdf(category)), save=False)
        document.save()
        made[category] = document
    user = users[username]
    client.force_login(user)
    api = APIClient()
    api.force_authenticate(user)
    for category, document in made.items():
        expected = 200 if category in EXPECTED_CATEGORIES[username] else 404
        page = client.get(reverse("documents:download", args=[document.pk]))
        details = api.get(f"/api/v1/documents/{document.pk}")
        assert (page.status_code, details.status_code) == (expected, expected), (username, category)
    section = client.get(reverse("documents:plan", args=[plan.pk]))
    if not EXPECTED_CATEGORIES[username]:
        assert section.status_code in (403, 404) or "planstuk-" not in section.content.decode()
    else:
        html = section.content.decode()
        for category in CATEGORIES:
            assert (f"planstuk-{category}" in html) == (category in EXPECTED_CATEGORIES[username])


# Signals and interventions, written out by hand like the cases above.
# signal name -> the reporting user's organisation (each received by the test Veiligheidshuis)
SIGNALS = {"from_police": "politie", "from_district_team": "wijkteam"}

# user -> signals they see: the reporter, and the staff of the Veiligheidshuis that received it
EXPECTED_SIGNALS = {name: set() for name in USERS} | {
    "regisseur": set(SIGNALS),
    "politie": {"from_police"},
    "wijkteam": {"from_district_team"},
}

# (case, intervention domain) -> the interventions of the matrix cases, owned by the
# Veiligheidshuis: an administrative one (general) on every case, and a care one on one case
INTERVENTIONS = [(name, "administrative") for name in EXPECTED_CASES["regisseur"]] + [
    ("police_and_district_team", "care")
]

# user -> interventions they see: the case, and the category of the intervention's domain
EXPECTED_INTERVENTIONS = {
    "regisseur": set(INTERVENTIONS),
    "politie": {("police_and_district_team", "administrative")},
    "reclassering": {("probation_only", "administrative")},
    "wijkteam": {
        ("police_and_district_team", "administrative"),
        ("police_and_district_team", "care"),
    },
    "corporatie": {("housing_and_tax", "administrative")},
    "belasting": {("housing_and_tax", "administrative")},
    "coordinator": {("safety_house_only", "administrative")},
    "analist": set(),
    "beheerder": set(),
    "auditor": set(),
}


def _document(owner_field: str, owner, title: str, category: str, by) -> Document:
    document = Document(
        **{owner_field: owner}, title=title, original_name="stuk.pdf",
        content_type="application/pdf", extension=".pdf", size=20, sha256="0" * 64,
        data_category=category, uploaded_by=by, organisation=by.organisation,
        uploaded_at=timezone.now(),
    )  # fmt: skip
    document.file.save("x", ContentFile(_pdf(title)), save=False)
    document.save()
    return document


@pytest.fixture
def owned_by_signals_and_interventions(world):  # noqa: F811
    """Documents of every category on every matrix signal and intervention."""
    from schakel.plans.models import ActionPlan, InterventionType
    from tests.factories import InterventionFactory, SignalFactory

    users, cases, _persons = world
    regisseur = users["regisseur"]
    signals, interventions, made = {}, {}, {}
    for name, reporter in SIGNALS.items():
        signals[name] = SignalFactory(
            reporting_organisation=users[reporter].organisation,
            receiving_organisation=regisseur.organisation,
            reported_by=users[reporter],
        )
        for category in CATEGORIES:
            title = f"signaalstuk-{category}-{name}"
            made["signal", name, category] = _document(
                "signal", signals[name], title, category, regisseur
            )
    for case_name, domain in INTERVENTIONS:
        intervention = InterventionFactory(
            plan=ActionPlan.objects.get_or_create(case=cases[case_name])[0],
            type=InterventionType.objects.filter(domain=domain).order_by("pk").first(),
            owner_organisation=regisseur.organisation,
        )
        interventions[case_name, domain] = intervention
        for category in CATEGORIES:
            title = f"interventiestuk-{category}-{case_name}-{domain}"
            made["intervention", (case_name, domain), category] = _document(
                "intervention", intervention, title, category, regisseur
            )
    return signals, interventions, made


@pytest.mark.parametrize("username", list(USERS))
def test_signal_and_intervention_documents_every_role_and_category(
    world,  # noqa: F811
    owned_by_signals_and_interventions,
    client,
    username,  # noqa: F811
):
    """A signal's documents: the reader sees the signal and the category; an intervention's: the
    reader sees the intervention (its case and its domain's category) and the document's
    category. Else 404 on the download, the API's details and content alike, and no trace in the
    log; an answered download is logged."""
    users, _cases, _persons = world
    signals, interventions, made = owned_by_signals_and_interventions
    user = users[username]
    client.force_login(user)
    api = APIClient()
    api.force_authenticate(user)
    expected_owners = {"signal": EXPECTED_SIGNALS[username]} | {
        "intervention": EXPECTED_INTERVENTIONS[username]
    }
    for (kind, owner, category), document in made.items():
        allowed = owner in expected_owners[kind] and category in EXPECTED_CATEGORIES[username]
        before = AuditEntry.objects.count()
        page = client.get(reverse("documents:download", args=[document.pk]))
        content = api.get(f"/api/v1/documents/{document.pk}/content")
        details = api.get(f"/api/v1/documents/{document.pk}")
        expected = 200 if allowed else 404
        assert (page.status_code, content.status_code, details.status_code) == (expected,) * 3, (
            username, kind, owner, category,
        )  # fmt: skip
        if allowed:
            assert b"".join(page.streaming_content) == _pdf(document.title)
            assert details.json()[kind] == (signals | interventions)[owner].pk
            downloads = AuditEntry.objects.filter(
                action="download", object_id=str(document.pk), username=username
            )
            assert downloads.count() == 2  # the page's and the API's download, each logged
        else:
            assert AuditEntry.objects.count() == before  # a refusal leaves no trace of it
    pages = [("signal", "documents:signal", name, s) for name, s in signals.items()] + [
        ("intervention", "documents:intervention", key, i) for key, i in interventions.items()
    ]
    for kind, url_name, owner, obj in pages:
        section = client.get(reverse(url_name, args=[obj.pk]))
        if owner not in expected_owners[kind]:
            assert section.status_code == 404, (username, kind, owner)
            continue
        html = section.content.decode()
        for category in CATEGORIES:
            title = made[kind, owner, category].title
            shown = category in EXPECTED_CATEGORIES[username]
            assert (title in html) == shown, (username, kind, owner, category)
