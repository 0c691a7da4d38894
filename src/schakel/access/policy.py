"""The shared predicates of who may see and do what in Schakel.

This module knows users, roles, organisations and data categories — and no app's models. Each
app builds its own visibility rule from these predicates, next to its model, as
`Model.objects.visible_to(user)` in `<app>/querysets.py`; `docs/access-model.md` lists every rule
and where it lives. Two principles run through all of them:

1. Participation (need-to-know): a user sees a case only when their organisation takes part in it,
   or when they are staff of the Veiligheidshuis that runs it. Only the case-working roles see
   case data at all; analysts, administrators and auditors see aggregates, configuration and the
   audit log respectively.
2. Data category: information on a case (notes, decisions, interventions, signal texts) is tagged
   general / justice / care / tax; an organisation kind sees only the categories granted to it in
   `organisations.CategoryGrant` (configured in one place, with the legal basis).

The `can_*` and `may_*` functions below decide about one object passed in; they read its fields
and relations and import nothing above `organisations`.
"""

from django.db import models
from django.db.models import Q, When
from django.utils.translation import gettext as _

from schakel.organisations.models import (
    CategoryGrant,
    DataCategory,
    OrganisationKind,
    Role,
    involvement_category,
)

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


def may_read_category(user, category: str) -> bool:
    """THE rule for every categorised fact on a case: a free text (closing reason, triage reason,
    purpose of participation, history line, note, decision, intervention) or the involvement of
    an organisation that reveals care or justice. The querysets apply it in bulk through
    `allowed_categories` and `readable_organisation_kinds`; a single object is checked here."""
    return category in allowed_categories(user)


def readable_organisation_kinds(user) -> frozenset[str]:
    """The organisation kinds whose involvement in a case this user may learn."""
    allowed = allowed_categories(user)
    return frozenset(k for k in OrganisationKind.values if involvement_category(k) in allowed)


def involvement_readable(user, field: str) -> Q:
    """`may_see_involvement` as a filter on the organisation foreign key `field`."""
    return Q(**{f"{field}__kind__in": readable_organisation_kinds(user)}) | Q(
        **{f"{field}_id": user.organisation_id}
    )


def shown_if(condition: Q, value, default, output_field=None):
    """A `shown_*` annotation: `value` where the reader may read it, `default` elsewhere."""
    return models.Case(
        When(condition, then=value),
        default=default,
        output_field=output_field or models.TextField(),
    )


def a_partner() -> str:
    """How an organisation is named to a reader who may not learn that it takes part: neutral,
    never "a care partner" (that would reveal what the name hides)."""
    return _("a partner")


def may_see_involvement(user, organisation) -> bool:
    """Whether the user may learn that this organisation takes part (or leads): its own
    organisation always, another by the category its involvement reveals."""
    if organisation is None:
        return True
    if organisation.pk == user.organisation_id:
        return True
    return may_read_category(user, involvement_category(organisation.kind))


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


def can_answer_handover(user, handover) -> bool:
    """Accept, decline or report done on a hand-over: case workers of the lead organisation it
    was given to."""
    return works_on_cases(user) and handover.organisation_id == user.organisation_id


def can_establish_case_subjects(user, case) -> bool:
    """Decide who a partner's report on a case is about (link to a known person or register a
    new one): the staff of the Veiligheidshuis that hosts the case, who may see those persons."""
    return runs_safety_house(user) and case.host_organisation_id == user.organisation_id


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


# --- Approaches beyond the single case (issues 3, 4, 5). Each returns whether a user may use a
# --- part of Schakel at all; what they then see is still filtered by the `visible_to` querysets.

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
    only (the beheerder also imports registrations); persons: see `ListMembership.objects.visible_to`."""
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


def may_register_owners(user) -> bool:
    """Keep the owner register: register owners of premises and the businesses among them
    (area directors who work on cases). They see every business in that register."""
    return can_direct_area_approach(user) and works_on_cases(user)


def may_log_presence(user) -> bool:
    """Log visible presence in an area (wijkagent, handhaving, partners' professionals)."""
    return may_use_area_approach(user) and works_on_cases(user)


def may_read_resident_reports(user) -> bool:
    """Residents' reports can name neighbours: the Veiligheidshuis and area directors read them."""
    return can_direct_area_approach(user) and works_on_cases(user)


# --- Target-group lists (issue 4). A person on a list is visible to the list's team, to the
# --- staff of the Veiligheidshuis that hosts the list, and to the person's own coordinator.
# --- Analysts and the functioneel beheerder see aggregates only.

TARGET_PERSON_ROLES = frozenset({Role.COORDINATOR, Role.PROCESS_DIRECTOR})


def works_with_target_persons(user) -> bool:
    return may_use_target_lists(user) and user.role in TARGET_PERSON_ROLES


def may_manage_target_list(user, target_list) -> bool:
    """Apply the rule, decide inflow and outflow, record the evaluation: the list's team and
    the staff of its Veiligheidshuis."""
    if not works_with_target_persons(user):
        return False
    if runs_safety_house(user) and target_list.host_organisation_id == user.organisation_id:
        return True
    return target_list.team.filter(pk=user.pk).exists()


def may_act_for_target_person(user, membership) -> bool:
    """Open a case or plan for a person on a list, and so invite partners and convene a
    conference on it: the person's accountable coordinator, and the staff of the Veiligheidshuis
    that hosts the list — while the person is on the list. (Another team member first becomes
    the coordinator by a recorded list decision.)"""
    if membership.ended_on is not None or not works_with_target_persons(user):
        return False
    if not works_on_cases(user):
        return False
    if membership.coordinator_id == user.pk:
        return True
    return runs_safety_house(user) and (
        membership.target_list.host_organisation_id == user.organisation_id
    )


def may_import_registrations(user) -> bool:
    """The functioneel beheerder, the staff of a Veiligheidshuis, and members of a list team."""
    if not may_use_target_lists(user):
        return False
    if user.role == Role.ADMINISTRATOR or runs_safety_house(user):
        return True
    return user.role in TARGET_PERSON_ROLES and user.target_list_teams.exists()


# --- Correcting a person's data (AVG art. 16) ---------------------------------------------


def may_correct_person(user) -> bool:
    """Correct a person's name, date of birth, BSN or address: the staff of a Veiligheidshuis
    (procesregisseur, coordinator), who match persons and keep the registry right. Partners
    correct their own systems and ask the Veiligheidshuis; the functioneel beheerder sees no
    personal data. Which persons: those the user may see (`Person.objects.visible_to`)."""
    return runs_safety_house(user)


# --- Advice questions (issue 11: the advice channel) ---------------------------------------


def may_ask_advice(user) -> bool:
    """A partner professional (wijkteam, politie, corporatie …) asks the Veiligheidshuis for
    advice; the Veiligheidshuis itself answers, it does not ask."""
    return works_on_cases(user) and not user.organisation.is_safety_house


def can_read_advice(user, question) -> bool:
    """The asker's organisation and the Veiligheidshuis asked, in the question's data category."""
    if not works_on_cases(user) or not may_read_category(user, question.data_category):
        return False
    if runs_safety_house(user):
        return question.safety_house_id == user.organisation_id
    return question.organisation_id == user.organisation_id


def can_answer_advice(user, question) -> bool:
    """The staff of the Veiligheidshuis that was asked (its procesregisseurs)."""
    return can_read_advice(user, question) and can_direct_cases(user)


def can_turn_advice_into_signal(user, question) -> bool:
    """The asker's organisation, once the question is answered: one step into a signal."""
    return (
        can_read_advice(user, question)
        and not runs_safety_house(user)
        and question.organisation_id == user.organisation_id
    )


# --- "Mijn werk" (issue 11): who leads an organisation's work.

TEAM_LEAD_ROLES = frozenset({Role.PROCESS_DIRECTOR, Role.COORDINATOR})


def leads_organisation_work(user) -> bool:
    """A team lead sees the open work of their whole organisation in "Mijn werk" and may hand an
    item to a colleague: the process director or coordinator of that organisation."""
    return _has_role_in(user, TEAM_LEAD_ROLES) and bool(user.organisation_id)


def may_reassign_work_to(user, colleague) -> bool:
    """A team lead hands work only to an active colleague of the same organisation."""
    return (
        leads_organisation_work(user)
        and colleague is not None
        and colleague.is_active
        and colleague.organisation_id == user.organisation_id
    )


PARTNER_WORK_ROLES = frozenset({Role.PROFESSIONAL, Role.COORDINATOR, Role.PROCESS_DIRECTOR})


def acts_for_organisation(user) -> bool:
    """Does work asked of their organisation (a bottleneck, an evaluation action): its
    professionals, coordinators and process directors, not its analysts or auditors."""
    return _has_role_in(user, PARTNER_WORK_ROLES) and bool(user.organisation_id)
