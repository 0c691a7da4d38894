"""THE place where Schakel decides who may see what.

Every read of case data starts from one of the `visible_*` functions below, which return
querysets; lists, detail pages, search, exports and the API all build on them. Two rules:

1. Participation (need-to-know): a user sees a case only when their organisation takes part in it,
   or when they are staff of the Veiligheidshuis that runs it. Only the case-working roles see
   case data at all; analysts, administrators and auditors see aggregates, configuration and the
   audit log respectively.
2. Data category: information on a case (notes, decisions, interventions, signal texts) is tagged
   general / justice / care / tax; an organisation kind sees only the categories granted to it in
   `organisations.CategoryGrant` (configured in one place, with the legal basis).
"""

from django.db.models import Q, QuerySet

from schakel.organisations.models import CategoryGrant, DataCategory, Role

CASE_WORKING_ROLES = frozenset({Role.PROCESS_DIRECTOR, Role.COORDINATOR, Role.PROFESSIONAL})
SAFETY_HOUSE_STAFF_ROLES = frozenset({Role.PROCESS_DIRECTOR, Role.COORDINATOR})


def works_on_cases(user) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.organisation_id
        and user.role in CASE_WORKING_ROLES
    )


def runs_safety_house(user) -> bool:
    """Veiligheidshuis staff who direct cases: they see every case their house hosts."""
    return works_on_cases(user) and (
        user.organisation.is_safety_house and user.role in SAFETY_HOUSE_STAFF_ROLES
    )


def allowed_categories(user) -> frozenset[str]:
    if not works_on_cases(user):
        return frozenset()
    cached = getattr(user, "_schakel_categories", None)
    if cached is None:
        cached = frozenset(
            CategoryGrant.objects.filter(organisation_kind=user.organisation.kind).values_list(
                "category", flat=True
            )
        )
        user._schakel_categories = cached
    return cached


def may_see_category(user, category: str) -> bool:
    return category in allowed_categories(user)


# The rules below are written as `pk IN (subquery)` alternatives rather than OR-ed joins: an OR
# across a LEFT JOIN makes PostgreSQL re-run nested subplans row by row (minutes on the demo data),
# while independent semi-joins are planned as hashed subqueries on every database.


def visible_cases(user) -> QuerySet:
    from schakel.cases.models import Case, CaseParticipation

    if not works_on_cases(user):
        return Case.objects.none()
    participating = CaseParticipation.objects.filter(
        organisation_id=user.organisation_id, ended_at__isnull=True
    ).values("case_id")
    rule = Q(pk__in=participating) | Q(coordinator_id=user.pk)
    if runs_safety_house(user):
        rule |= Q(host_organisation_id=user.organisation_id)
    return Case.objects.filter(rule)


def visible_signals(user) -> QuerySet:
    """Signals a user's organisation reported, or that their Veiligheidshuis received."""
    from schakel.intake.models import Signal

    if not works_on_cases(user):
        return Signal.objects.none()
    rule = Q(reporting_organisation_id=user.organisation_id)
    if runs_safety_house(user):
        rule |= Q(receiving_organisation_id=user.organisation_id)
    return Signal.objects.filter(rule)


def _subjects_of_visible_cases_and_signals(user, model, field: str) -> QuerySet:
    """Persons, addresses or businesses (`field` on Case and Signal) the user may see."""
    from schakel.cases.models import Case
    from schakel.intake.models import Signal

    if not works_on_cases(user):
        return model.objects.none()
    case_links = getattr(Case, field).through.objects.filter(
        case_id__in=visible_cases(user).values("pk")
    )
    signal_links = getattr(Signal, field).through.objects.filter(
        signal_id__in=visible_signals(user).values("pk")
    )
    column = f"{model._meta.model_name}_id"
    return model.objects.filter(
        Q(pk__in=case_links.values(column)) | Q(pk__in=signal_links.values(column))
    )


def visible_persons(user) -> QuerySet:
    """Persons who are a subject of a case or signal the user may see — nobody else."""
    from schakel.registry.models import Person

    return _subjects_of_visible_cases_and_signals(user, Person, "persons")


def visible_addresses(user) -> QuerySet:
    from schakel.registry.models import Address

    return _subjects_of_visible_cases_and_signals(user, Address, "addresses")


def visible_businesses(user) -> QuerySet:
    from schakel.registry.models import Business

    return _subjects_of_visible_cases_and_signals(user, Business, "businesses")


def visible_notes(user) -> QuerySet:
    from schakel.cases.models import CaseNote

    return CaseNote.objects.filter(
        case_id__in=visible_cases(user).values("pk"), category__in=allowed_categories(user)
    )


def visible_decisions(user) -> QuerySet:
    from schakel.conferences.models import Decision

    return Decision.objects.filter(
        case_id__in=visible_cases(user).values("pk"), category__in=allowed_categories(user)
    )


def visible_interventions(user) -> QuerySet:
    from schakel.plans.models import DOMAIN_CATEGORY, Intervention

    domains = [d for d, c in DOMAIN_CATEGORY.items() if c in allowed_categories(user)]
    return Intervention.objects.filter(
        plan__case_id__in=visible_cases(user).values("pk"), type__domain__in=domains
    )


def visible_conferences(user) -> QuerySet:
    """Conferences the user's Veiligheidshuis hosts, or that the user is invited to."""
    from schakel.conferences.models import Conference

    if not works_on_cases(user):
        return Conference.objects.none()
    from schakel.conferences.models import Attendance

    invited = Attendance.objects.filter(user_id=user.pk).values("conference_id")
    rule = Q(pk__in=invited) | Q(chair_id=user.pk)
    if runs_safety_house(user):
        rule |= Q(host_organisation_id=user.organisation_id)
    return Conference.objects.filter(rule)


def signal_description_visible(user, signal) -> bool:
    """The text of a signal is shown only to those whose categories cover it."""
    return signal.data_category in allowed_categories(user) or (
        signal.reporting_organisation_id == user.organisation_id
    )


def can_direct_cases(user) -> bool:
    """Triage, opening cases, inviting partners and running conferences."""
    return runs_safety_house(user)


def can_handle_signal(user, signal) -> bool:
    """Triage, dismiss or open a case on a signal: staff of the Veiligheidshuis that received it."""
    return can_direct_cases(user) and signal.receiving_organisation_id == user.organisation_id


ALL_CATEGORIES = frozenset(DataCategory.values)


def can_manage_case(user, case) -> bool:
    """Change a case's course: its directing Veiligheidshuis staff, or its coordinator."""
    if not works_on_cases(user):
        return False
    if case.coordinator_id == user.pk:
        return True
    return runs_safety_house(user) and case.host_organisation_id == user.organisation_id


def can_report_on_intervention(user, intervention) -> bool:
    """Record progress and result: the owner, the owning organisation, or the case's managers."""
    if not works_on_cases(user):
        return False
    return (
        intervention.owner_id == user.pk
        or intervention.owner_organisation_id == user.organisation_id
        or can_manage_case(user, intervention.plan.case)
    )


def may_read_audit_log(user) -> bool:
    """The privacy officer / auditor reads the audit log; nobody else does in the UI."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.has_role(Role.AUDITOR)
    )


def persons_for_audit(user) -> QuerySet:
    """Persons an auditor may look up to answer a data subject's request (every lookup is audited).

    The auditor sees no case data, only who a person record is, to find the log entries about them.
    """
    from schakel.registry.models import Person

    if not may_read_audit_log(user):
        return Person.objects.none()
    return Person.objects.all()


# --- Approaches beyond the single case (issues 3, 4, 5). Each returns whether a user may use a
# --- part of Schakel at all; what they then see is still filtered by the visible_* querysets.

ANALYSIS_ROLES = frozenset({Role.ANALYST, Role.PROCESS_DIRECTOR})
AREA_ROLES = frozenset({Role.ANALYST, Role.PROCESS_DIRECTOR, Role.COORDINATOR, Role.PROFESSIONAL})
TARGET_LIST_ROLES = frozenset(
    {Role.COORDINATOR, Role.PROCESS_DIRECTOR, Role.ANALYST, Role.ADMINISTRATOR}
)
LINKAGE_ROLES = frozenset({Role.PROCESS_DIRECTOR})


def _has_role_in(user, roles) -> bool:
    return bool(
        user is not None and user.is_authenticated and user.is_active and user.role in roles
    )


def may_analyse_incidents(user) -> bool:
    """Import incident data and run hot-spot analyses (aggregates, no personal data)."""
    return _has_role_in(user, ANALYSIS_ROLES)


def may_use_area_approach(user) -> bool:
    """Area pages, hot-spot plans, joint inspections and the chronicle."""
    return _has_role_in(user, AREA_ROLES) and bool(user.organisation_id)


def may_use_target_lists(user) -> bool:
    """Target-group lists (HIT, Top-X): analysts and the functioneel beheerder see aggregates
    only (the beheerder also imports registrations); persons: see `visible_target_memberships`."""
    return _has_role_in(user, TARGET_LIST_ROLES) and bool(user.organisation_id)


def may_review_linkage(user) -> bool:
    """Clerical review of record-linkage pairs (personal data of several partners)."""
    return _has_role_in(user, LINKAGE_ROLES) and bool(user.organisation_id)


# --- Area-based approach (issue 3): who runs it, and who sees its inspections and findings.

AREA_DIRECTOR_ROLES = frozenset({Role.PROCESS_DIRECTOR, Role.COORDINATOR})
AREA_DEFINER_ROLES = frozenset({Role.PROCESS_DIRECTOR, Role.COORDINATOR, Role.ANALYST})


def can_define_areas(user) -> bool:
    """Draw or enter an area (CBS code or outline): analysts and area directors."""
    return may_use_area_approach(user) and user.role in AREA_DEFINER_ROLES


def can_direct_area_approach(user) -> bool:
    """Run hot-spot plans, joint inspections, owners and the chronicle (a gebiedsregisseur)."""
    return may_use_area_approach(user) and user.role in AREA_DIRECTOR_ROLES


def visible_inspections(user) -> QuerySet:
    """Joint inspections the user's organisation hosts or takes part in, or that they direct.

    Analysts see none: they see the number of inspections only.
    """
    from schakel.areas.models import JointInspection

    if not works_on_cases(user):
        return JointInspection.objects.none()
    taking_part = JointInspection.partners.through.objects.filter(
        organisation_id=user.organisation_id
    ).values("jointinspection_id")
    rule = (
        Q(host_organisation_id=user.organisation_id)
        | Q(pk__in=taking_part)
        | Q(coordinator_id=user.pk)
    )
    return JointInspection.objects.filter(rule)


def visible_findings(user) -> QuerySet:
    """Findings of visible inspections in the user's data categories, and their own partner's."""
    from schakel.areas.models import Finding

    return Finding.objects.filter(inspection_id__in=visible_inspections(user).values("pk")).filter(
        Q(finding_type__data_category__in=allowed_categories(user))
        | Q(organisation_id=user.organisation_id)
    )


def can_direct_inspection(user, inspection) -> bool:
    """Change an inspection and turn its findings into cases: its director or host staff."""
    if not can_direct_area_approach(user) or not works_on_cases(user):
        return False
    return inspection.coordinator_id == user.pk or (
        runs_safety_house(user) and inspection.host_organisation_id == user.organisation_id
    )


def can_record_finding(user, inspection) -> bool:
    """Record what was found: a case-working user of a participating partner, or its director."""
    if not works_on_cases(user):
        return False
    return (
        can_direct_inspection(user, inspection)
        or inspection.partners.filter(pk=user.organisation_id).exists()
    )


def may_read_resident_reports(user) -> bool:
    """Residents' reports can name neighbours: the Veiligheidshuis and area directors read them."""
    return can_direct_area_approach(user) and works_on_cases(user)


# --- Target-group lists (issue 4). A person on a list is visible to the list's team, to the
# --- staff of the Veiligheidshuis that hosts the list, and to the person's own coordinator.
# --- Analysts and the functioneel beheerder see aggregates only.

TARGET_PERSON_ROLES = frozenset({Role.COORDINATOR, Role.PROCESS_DIRECTOR})


def _works_with_target_persons(user) -> bool:
    return may_use_target_lists(user) and user.role in TARGET_PERSON_ROLES


def visible_target_memberships(user) -> QuerySet:
    """Memberships of target-group lists (current and ended) whose person the user may see."""
    from schakel.targets.models import ListMembership

    if not _works_with_target_persons(user):
        return ListMembership.objects.none()
    from schakel.targets.models import TargetList

    lists = TargetList.team.through.objects.filter(user_id=user.pk).values("targetlist_id")
    rule = Q(coordinator_id=user.pk) | Q(target_list_id__in=lists)
    if runs_safety_house(user):
        rule |= Q(target_list__host_organisation_id=user.organisation_id)
    return ListMembership.objects.filter(rule)


def may_manage_target_list(user, target_list) -> bool:
    """Apply the rule, decide inflow and outflow, record the evaluation: the list's team and
    the staff of its Veiligheidshuis."""
    if not _works_with_target_persons(user):
        return False
    if runs_safety_house(user) and target_list.host_organisation_id == user.organisation_id:
        return True
    return target_list.team.filter(pk=user.pk).exists()


def may_work_with_target_person(user, person) -> bool:
    """Assess, record bottlenecks, tag the plan: for a person currently on a list the user sees."""
    return (
        visible_target_memberships(user).filter(person_id=person.pk, ended_on__isnull=True).exists()
    )


def may_import_registrations(user) -> bool:
    """The functioneel beheerder, the staff of a Veiligheidshuis, and members of a list team."""
    if not may_use_target_lists(user):
        return False
    if user.role == Role.ADMINISTRATOR or runs_safety_house(user):
        return True
    return user.role in TARGET_PERSON_ROLES and user.target_list_teams.exists()


def may_work_with_target_person_on_list(user, person_id: int, target_list_id: int) -> bool:
    """Work on what belongs to one list (e.g. its bottlenecks): the person is currently on that
    list and the user sees that membership."""
    return (
        visible_target_memberships(user)
        .filter(person_id=person_id, target_list_id=target_list_id, ended_on__isnull=True)
        .exists()
    )
