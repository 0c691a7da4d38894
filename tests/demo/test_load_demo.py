"""The demo data: fictional, complete, consistent with the workflow and the access rules.

Loading takes seconds, so these tests share one load with the other tests that read the demo
data: the `demo` fixture (tests/conftest.py) loads it once per session, and each test runs in a
savepoint inside it (pytest-django's `db`).
"""

import re
from collections import Counter, defaultdict
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.utils import timezone

from schakel.cases.models import Case, CaseEvent, CaseNote, CaseParticipation
from schakel.cases.workflow import OPEN_STATUSES, CaseStatus, can_transition
from schakel.conferences.models import Conference
from schakel.dashboard.selectors import dashboard_for
from schakel.demo.constants import DEMO_USERNAMES
from schakel.demo.models import DemoInstallation
from schakel.intake.models import Signal
from schakel.organisations.models import (
    CategoryGrant,
    Organisation,
    OrganisationKind,
    Role,
    User,
)
from schakel.plans.models import Intervention, InterventionStatus, InterventionType
from schakel.registry.models import Address, Area, Business, Person
from schakel.registry.validators import is_valid_bsn
from schakel.triage.models import EscalationLevel

pytestmark = pytest.mark.slow

EXPECTED_ROLES = {
    "regisseur": (Role.PROCESS_DIRECTOR, OrganisationKind.SAFETY_HOUSE),
    "coordinator": (Role.COORDINATOR, OrganisationKind.MUNICIPALITY),
    "politie": (Role.PROFESSIONAL, OrganisationKind.POLICE),
    "reclassering": (Role.PROFESSIONAL, OrganisationKind.PROBATION),
    "wijkteam": (Role.PROFESSIONAL, OrganisationKind.DISTRICT_TEAM),
    "corporatie": (Role.PROFESSIONAL, OrganisationKind.HOUSING),
    "analist": (Role.ANALYST, OrganisationKind.MUNICIPALITY),
    "beheerder": (Role.ADMINISTRATOR, OrganisationKind.MUNICIPALITY),
    "auditor": (Role.AUDITOR, OrganisationKind.SAFETY_HOUSE),
}


def _person_sample():
    return list(
        Person.objects.order_by("id").values_list(
            "given_names", "surname_prefix", "surname", "bsn"
        )[:40]
    )


def test_load_demo_says_the_data_is_fictional(demo, db):
    assert "Fictional demo data loaded (seed 2026)" in demo.output
    installation = DemoInstallation.objects.get()
    assert installation.seed == 2026
    assert "Fictieve demodata" in installation.description


def test_demo_users_log_in_with_the_demo_password_in_their_role(demo, db):
    for username in DEMO_USERNAMES:
        user = authenticate(username=username, password=settings.SCHAKEL_DEMO_PASSWORD)
        assert user is not None, username
        role, kind = EXPECTED_ROLES[username]
        assert (user.role, user.organisation.kind) == (role, kind), username
    assert User.objects.get(username="politie").job_title == "Wijkagent"
    assert "HIT" in User.objects.get(username="coordinator").job_title
    colleagues = User.objects.exclude(username__in=DEMO_USERNAMES)
    assert colleagues.count() >= 15
    assert all(re.fullmatch(r"[a-z]\.[a-z]+[0-9]*", u.username) for u in colleagues)
    assert authenticate(username=colleagues.first().username, password="demo") is not None
    assert not User.objects.filter(first_name="").exists()
    assert not User.objects.filter(last_name="").exists()


def test_beheerder_is_staff_with_the_functioneel_beheer_permissions(demo, db):
    beheerder = User.objects.get(username="beheerder")
    assert beheerder.is_staff and not beheerder.is_superuser
    assert beheerder.groups.filter(name="Functioneel beheer").exists()
    for permission in (
        "organisations.add_organisation",
        "organisations.change_user",
        "organisations.delete_categorygrant",
        "triage.change_escalationlevel",
        "triage.add_intakecriterion",
        "intake.change_signalcategory",
        "plans.add_interventiontype",
        "areas.change_findingtype",
        "areas.change_surveyquestion",
        "documents.change_lettertemplate",
        "federation.change_peer",
        "auth.view_group",
    ):
        assert beheerder.has_perm(permission), permission
    assert not beheerder.has_perm("auth.change_group")
    # Beside the beheerder only the privacy officer, the second pair of eyes on grant changes.
    staff = set(User.objects.filter(is_staff=True).values_list("username", flat=True))
    assert staff == {"beheerder", "auditor"}
    auditor = User.objects.get(username="auditor")
    assert auditor.get_all_permissions() == {
        "organisations.view_categorygrant",
        "organisations.view_categorygrantrequest",
    }


def test_the_beheerder_keeps_the_catalogues_the_pages_point_to_in_the_admin(client, demo, db):
    """The survey page says the functioneel beheerder keeps its statements; the inspection and
    letter catalogues and the federation's peers likewise: each opens in the admin for them."""
    client.force_login(User.objects.get(username="beheerder"))
    for path in (
        "/beheer/areas/surveyquestion/",
        "/beheer/areas/findingtype/",
        "/beheer/documents/lettertemplate/",
        "/beheer/federation/peer/",
    ):
        assert client.get(path).status_code == 200, path


def test_lindewaard_has_partners_of_every_kind(demo, db):
    assert Organisation.objects.count() >= 12
    kinds = set(Organisation.objects.values_list("kind", flat=True))
    assert kinds == set(OrganisationKind.values)
    assert Organisation.objects.filter(name="Zorg- en Veiligheidshuis Lindewaard").exists()


def test_persons_addresses_and_businesses_are_plausible_and_valid(demo, db):
    persons = Person.objects.count()
    assert 250 <= persons <= 350
    bsns = list(Person.objects.exclude(bsn="").values_list("bsn", flat=True))
    assert all(is_valid_bsn(bsn) for bsn in bsns)
    assert len(bsns) == len(set(bsns))
    assert 0.6 <= len(bsns) / persons <= 0.8
    assert Person.objects.exclude(surname_prefix="").count() >= 20
    assert not Person.objects.filter(date_of_birth__isnull=True).exists()

    assert 200 <= Address.objects.count() <= 300
    for postcode, city in Address.objects.values_list("postcode", "city"):
        assert re.fullmatch(r"999[0-9][A-Z]{2}", postcode) and city == "Lindewaard"
    assert Area.objects.filter(cbs_code__regex=r"^WK0999[0-9]{2}$").count() >= 3
    assert Area.objects.filter(cbs_code__regex=r"^BU0999[0-9]{4}$").count() >= 6

    kvk = list(Business.objects.values_list("kvk_number", flat=True))
    assert len(kvk) >= 15 and len(set(kvk)) == len(kvk)
    assert all(re.fullmatch(r"[0-9]{8}", number) for number in kvk)


def test_cases_cover_every_status_and_level_with_proper_references(demo, db):
    assert 180 <= Case.objects.count() <= 220
    statuses = Counter(Case.objects.values_list("status", flat=True))
    assert set(statuses) == set(CaseStatus.values)
    levels = set(Case.objects.exclude(level=None).values_list("level__number", flat=True))
    assert levels == set(EscalationLevel.objects.values_list("number", flat=True))
    for case in Case.objects.all():
        assert case.reference == f"C-{case.created_at:%Y}-{case.pk:05d}"
    for signal in Signal.objects.all():
        assert signal.reference == f"S-{signal.created_at:%Y}-{signal.pk:05d}"
    now = timezone.now()
    oldest = Case.objects.order_by("created_at").first().created_at
    assert 365 < (now - oldest).days <= 550
    assert not Case.objects.filter(created_at__gt=now).exists()


def test_case_histories_walk_the_allowed_transitions(demo, db):
    events = defaultdict(list)
    for event in CaseEvent.objects.order_by("created_at", "id"):
        events[event.case_id].append(event)
    now = timezone.now()
    for case in Case.objects.select_related("level"):
        history = events[case.pk]
        assert history[0].to_status == CaseStatus.REGISTERED and history[0].from_status == ""
        assert history[0].created_at == case.created_at
        assert history[-1].created_at <= now
        current = CaseStatus.REGISTERED
        for event in history[1:]:
            if event.to_status:
                assert event.from_status == current, case.reference
                assert can_transition(current, event.to_status), case.reference
                current = event.to_status
        assert current == case.status, case.reference
        if case.status in (CaseStatus.CLOSED, CaseStatus.REJECTED, CaseStatus.REFERRED):
            assert case.closing_reason
        decisions = list(case.triage_decisions.order_by("decided_at", "id"))
        if decisions:
            assert decisions[-1].level_id == case.level_id
            assert decisions[-1].lead_organisation_id == case.lead_organisation_id
            for decision in decisions:
                assert decision.criteria_met == (decision.level.number >= 3)
                assert decision.review_date >= timezone.localdate(decision.decided_at)


def test_cases_opened_on_a_signal_carry_its_subjects_and_triage(demo, db):
    opened = Case.objects.exclude(source_signal=None).select_related("source_signal")
    assert opened.count() >= 20
    for case in opened:
        signal = case.source_signal
        assert signal.status == Signal.Status.CASE_OPENED
        assert signal.created_at < case.created_at
        assert set(case.persons.all()) == set(signal.persons.all())
        assert signal.triage_decisions.filter(case=case).exists()
        assert f"Casus geopend op signaal {signal.reference}" == case.events.first().description


def test_partners_take_part_in_many_cases_but_not_all(demo, db):
    total = Case.objects.count()
    for username in ("politie", "reclassering", "wijkteam", "corporatie"):
        organisation = User.objects.get(username=username).organisation
        taking_part = (
            CaseParticipation.objects.filter(organisation=organisation, ended_at=None)
            .values("case")
            .distinct()
            .count()
        )
        assert total * 0.15 <= taking_part < total, username
    for case in Case.objects.prefetch_related("participations"):
        assert 2 <= len(case.participations.all()) <= 5, case.reference
        organisations = {p.organisation_id for p in case.participations.all()}
        assert case.host_organisation_id not in organisations
        if case.lead_organisation_id != case.host_organisation_id:
            assert case.lead_organisation_id in organisations


def test_notes_in_all_categories_only_where_the_author_may_record_them(demo, db):
    grants = set(CategoryGrant.objects.values_list("organisation_kind", "category"))
    participants = set(
        CaseParticipation.objects.values_list("case_id", "organisation_id").distinct()
    )
    notes = CaseNote.objects.select_related("organisation", "author", "case")
    assert {note.category for note in notes} == {"general", "justice", "care", "tax"}
    for note in notes:
        assert (note.organisation.kind, note.category) in grants
        assert note.author.organisation_id == note.organisation_id
        assert (note.case_id, note.organisation_id) in participants or (
            note.organisation_id == note.case.host_organisation_id
        )


def test_conferences_were_held_with_confidentiality_and_some_are_coming(demo, db):
    now = timezone.now()
    assert 35 <= Conference.objects.count() <= 50
    held = Conference.objects.filter(status=Conference.Status.HELD)
    assert held.count() >= 25
    for conference in held:
        assert conference.starts_at < now
        assert conference.attendees.exclude(confidentiality_accepted_at=None).exists()
        assert conference.decisions.exists()
        agenda = set(conference.agenda.values_list("case_id", flat=True))
        assert set(conference.decisions.values_list("case_id", flat=True)) <= agenda
    planned = Conference.objects.filter(status=Conference.Status.PLANNED, starts_at__gt=now)
    assert planned.count() >= 5
    assert all(c.chair.username == "regisseur" for c in planned)
    assert all(c.agenda.exists() for c in planned)


def test_plans_mix_carrot_and_stick_done_running_and_overdue(demo, db):
    interventions = Intervention.objects.select_related("type", "plan__case")
    approaches = {i.type.approach for i in interventions}
    assert approaches == {InterventionType.Approach.CARROT, InterventionType.Approach.STICK}
    taking_part = set(CaseParticipation.objects.values_list("case_id", "organisation_id"))
    for intervention in interventions:
        assert (intervention.plan.case_id, intervention.owner_organisation_id) in taking_part
        if intervention.status == InterventionStatus.DONE:
            assert intervention.result and intervention.completed_at
            assert intervention.completed_at >= intervention.created_at
        if intervention.owner is not None:
            assert intervention.owner.organisation_id == intervention.owner_organisation_id
    statuses = Counter(i.status for i in interventions)
    assert statuses[InterventionStatus.DONE] >= 50
    assert statuses[InterventionStatus.IN_PROGRESS] >= 10
    assert sum(1 for i in interventions if i.is_overdue) >= 10


def test_regisseur_dashboard_shows_signals_waiting_for_triage(demo, db, client):
    regisseur = User.objects.get(username="regisseur")
    waiting = Signal.objects.filter(status=Signal.Status.RECEIVED)
    assert waiting.count() >= 5
    client.force_login(regisseur)
    response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert waiting.order_by("created_at").first().reference in page
    data = dashboard_for(regisseur)
    assert len(data["signals_waiting"]) >= 5
    assert 10 <= len(data["my_cases"]) <= 20
    assert len(data["conferences"]) >= 5


def test_coordinator_and_partners_have_something_on_their_dashboard(demo, db):
    coordinator = User.objects.get(username="coordinator")
    open_cases = Case.objects.filter(coordinator=coordinator, status__in=OPEN_STATUSES)
    assert 5 <= open_cases.count() <= 15
    assert len(dashboard_for(coordinator)["my_cases"]) == open_cases.count()
    for username in ("politie", "wijkteam"):
        data = dashboard_for(User.objects.get(username=username))
        assert data["conferences"] or data["overdue"], username


def test_loading_again_changes_nothing(demo, db):
    models = (User, Organisation, Person, Address, Signal, Case, CaseEvent, CaseNote, Conference)
    before = {model: model.objects.count() for model in models}
    output = StringIO()
    call_command("load_demo", stdout=output)
    assert "already loaded" in output.getvalue()
    assert {model: model.objects.count() for model in models} == before
    assert DemoInstallation.objects.count() == 1


def test_the_same_seed_gives_the_same_persons_and_another_seed_others(demo, db):
    first = _person_sample()
    first_ids = set(Person.objects.values_list("pk", flat=True))
    call_command("load_demo", seed=2026, force=True, stdout=StringIO())
    assert not first_ids & set(Person.objects.values_list("pk", flat=True))  # loaded afresh
    assert _person_sample() == first
    assert DemoInstallation.objects.count() == 1
    call_command("load_demo", seed=7, force=True, stdout=StringIO())
    assert _person_sample() != first
    assert DemoInstallation.objects.get().seed == 7


def test_demo_texts_carry_their_data_category(demo):
    """Issue 9: the demo shows care and justice texts that partners without the grant do not read."""
    from schakel.triage.models import TriageDecision

    closing = Counter(
        Case.objects.exclude(closing_reason="").values_list("closing_reason_category", flat=True)
    )
    assert closing["care"] and closing["general"]
    reasons = Counter(TriageDecision.objects.values_list("reason_category", flat=True))
    assert reasons["care"] and reasons["justice"] and reasons["general"]
    events = Counter(CaseEvent.objects.values_list("category", flat=True))
    assert events["care"] and events["justice"] and events["general"]
    # every line naming a care provider carries the care category
    for organisation in Organisation.objects.filter(kind=OrganisationKind.CARE):
        naming = CaseEvent.objects.filter(description__contains=organisation.name)
        assert set(naming.values_list("category", flat=True)) <= {"care"}, organisation
    for case in Case.objects.exclude(closing_reason=""):
        line = case.events.filter(description__endswith=case.closing_reason).last()
        assert line is not None and line.category == case.closing_reason_category


def test_no_demo_decision_names_a_partner_outside_its_category(demo):
    """Review finding: "Plan van aanpak vastgesteld; regie bij <wijkteam>" was filed as general,
    so the corporatie read which care partner leads the case."""
    from schakel.conferences.models import Decision
    from schakel.organisations.models import involvement_category

    for organisation in Organisation.objects.exclude(
        kind__in=[k for k in OrganisationKind.values if involvement_category(k) == "general"]
    ):
        naming = Decision.objects.filter(text__contains=organisation.name)
        wrong = set(naming.values_list("category", flat=True)) - {
            involvement_category(organisation.kind)
        }
        assert not wrong, (organisation.name, wrong)
