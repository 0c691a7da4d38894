"""Reads of the person-oriented approach. Every read of a person starts from
`ListMembership.objects.visible_to` (or `Intervention.objects.visible_to` for the plan), and every
view of a person's data is audited."""

from __future__ import annotations

import datetime
from collections import OrderedDict, defaultdict

from django.db.models import Count, Max, Q
from django.http import Http404
from django.utils import timezone

from schakel.access import policy
from schakel.audit.models import AuditAction, Purpose
from schakel.audit.services import record, record_persons
from schakel.organisations.models import DataCategory
from schakel.plans.models import Intervention, InterventionDomain, InterventionStatus
from schakel.registry.models import Person

from .metrics import OUTDATED_AFTER_DAYS
from .models import (
    Assessment,
    AssessmentScore,
    Bottleneck,
    JudicialRegistration,
    LifeDomain,
    ListDecision,
    ListMembership,
    RuleApplication,
    TargetList,
)
from .querysets import may_work_with_target_person
from .services import first_new_offences

# The person page groups the plan by the three lines of the approach.
DOMAIN_GROUP = {
    InterventionDomain.CARE: "care",
    InterventionDomain.CRIMINAL: "justice",
    InterventionDomain.ADMINISTRATIVE: "administrative",
    InterventionDomain.CIVIL: "administrative",
    InterventionDomain.FISCAL: "administrative",
}
OPEN_STATUSES = (InterventionStatus.PLANNED, InterventionStatus.IN_PROGRESS)


def visible_lists(user):
    if not policy.may_use_target_lists(user):
        return TargetList.objects.none()
    return TargetList.objects.filter(is_active=True).select_related("rule", "host_organisation")


def get_list(user, pk) -> TargetList:
    try:
        return visible_lists(user).get(pk=pk)
    except (TargetList.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def list_overview(user) -> list[dict]:
    """Every list with its size (an aggregate) and what this user may do with it."""
    lists = visible_lists(user).annotate(
        size=Count("memberships", filter=Q(memberships__ended_on__isnull=True))
    )
    mine = dict(
        ListMembership.objects.visible_to(user)
        .filter(ended_on__isnull=True, coordinator=user)
        .values_list("target_list")
        .annotate(n=Count("pk"))
    )
    return [
        {
            "list": target_list,
            "size": target_list.size,
            "mine": mine.get(target_list.pk, 0),
            "manages": policy.may_manage_target_list(user, target_list),
        }
        for target_list in lists
    ]


def members(user, target_list: TargetList, *, active: bool = True) -> list[ListMembership]:
    memberships = (
        ListMembership.objects.visible_to(user)
        .filter(target_list=target_list)
        .select_related("person", "coordinator", "inclusion__best_cards")
        .order_by("person__surname", "person__given_names")
    )
    memberships = (
        memberships.filter(ended_on__isnull=True)
        if active
        else memberships.exclude(ended_on__isnull=True)
    )
    result = list(memberships)
    if result:
        record(
            user,
            AuditAction.LIST,
            obj=target_list,
            purpose=Purpose.PERSON_ORIENTED_APPROACH,
            detail=f"{len(result)} personen op lijst",
        )
        record_persons(
            user,
            AuditAction.LIST,
            [m.person for m in result],
            purpose=Purpose.PERSON_ORIENTED_APPROACH,
        )
    return result


def get_application(user, pk) -> RuleApplication:
    try:
        application = RuleApplication.objects.select_related("target_list", "applied_by").get(pk=pk)
    except (RuleApplication.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not policy.may_manage_target_list(user, application.target_list):
        raise Http404
    return application


def application_proposals(user, application: RuleApplication) -> dict:
    proposals = list(application.proposals.select_related("person").prefetch_related("decisions"))
    active = set(
        ListMembership.objects.filter(
            target_list=application.target_list, ended_on__isnull=True
        ).values_list("person_id", flat=True)
    )
    for proposal in proposals:
        proposal.decided = next(iter(proposal.decisions.all()), None)
        proposal.on_list = proposal.person_id in active
    if proposals:
        record_persons(
            user,
            AuditAction.LIST,
            [p.person for p in proposals],
            purpose=Purpose.PERSON_ORIENTED_APPROACH,
            obj=application,
        )
    return {
        "inflow": [p for p in proposals if p.direction == "in"],
        "outflow": [p for p in proposals if p.direction == "out"],
    }


def get_person(user, pk, *, audit: bool = True) -> tuple[Person, list[ListMembership]]:
    """The person, when on a list the user sees — else 404. The view is audited."""
    memberships = list(
        ListMembership.objects.visible_to(user)
        .filter(person_id=pk)
        .select_related("person", "target_list", "coordinator__organisation")
        .order_by("ended_on", "-included_on")
    )
    if not memberships:
        raise Http404
    person = memberships[0].person
    if audit:
        record(
            user,
            AuditAction.VIEW,
            obj=person,
            person=person,
            purpose=Purpose.PERSON_ORIENTED_APPROACH,
        )
    return person, memberships


def latest_scores(person: Person, today: datetime.date) -> list[dict]:
    """Per instrument, the latest score of each domain, with its date and whether it is outdated."""
    threshold = today - datetime.timedelta(days=OUTDATED_AFTER_DAYS)
    scores = (
        AssessmentScore.objects.filter(assessment__person=person)
        .select_related("domain", "assessment__instrument")
        .order_by("assessment__assessed_on", "assessment__id")
    )
    per_instrument: dict = OrderedDict()
    for score in scores:
        instrument = score.assessment.instrument
        entry = per_instrument.setdefault(instrument.pk, {"instrument": instrument, "domains": {}})
        entry["domains"][score.domain.pk] = score
    result = []
    for entry in per_instrument.values():
        labels = dict(entry["instrument"].scale)
        rows = []
        for domain in entry["instrument"].domains.all():
            score = entry["domains"].get(domain.pk)
            rows.append(
                {
                    "domain": domain,
                    "score": score.score if score else None,
                    "label": labels.get(score.score, "") if score else "",
                    "assessed_on": score.assessment.assessed_on if score else None,
                    "outdated": bool(score and score.assessment.assessed_on < threshold),
                }
            )
        result.append({"instrument": entry["instrument"], "rows": rows})
    result.sort(key=lambda e: (not e["instrument"].is_active, e["instrument"].name))
    return result


def trend(person: Person) -> list[dict]:
    """Per instrument: the assessment dates and, per domain, the scores over time."""
    assessments = list(
        Assessment.objects.filter(person=person)
        .select_related("instrument")
        .prefetch_related("scores")
        .order_by("assessed_on", "id")
    )
    per_instrument: dict = OrderedDict()
    for assessment in assessments:
        per_instrument.setdefault(assessment.instrument_id, []).append(assessment)
    result = []
    for items in per_instrument.values():
        instrument = items[0].instrument
        rows = []
        for domain in instrument.domains.all():
            values = [
                next((s.score for s in a.scores.all() if s.domain_id == domain.pk), None)
                for a in items
            ]
            rows.append({"domain": domain, "values": values})
        result.append({"instrument": instrument, "assessments": items, "rows": rows})
    return result


def person_plan(user, person: Person, today: datetime.date) -> dict:
    """The person's interventions across their visible cases, by care/justice/administrative and
    by life domain."""
    interventions = list(
        Intervention.objects.visible_to(user)
        .filter(plan__case__persons=person)
        .select_related("type", "owner_organisation", "owner", "plan__case", "life_domain_tag")
        .distinct()
        .order_by("deadline", "pk")
    )
    groups = OrderedDict((key, []) for key in ("care", "justice", "administrative"))
    by_life_domain: dict[str, list] = defaultdict(list)
    for intervention in interventions:
        groups[DOMAIN_GROUP[intervention.type.domain]].append(intervention)
        tag = getattr(intervention, "life_domain_tag", None)
        by_life_domain[tag.life_domain if tag else ""].append(intervention)
    life_domains = [
        {
            "key": key,
            "label": LifeDomain(key).label if key else "",
            "total": len(items),
            "done": sum(1 for i in items if i.status == InterventionStatus.DONE),
            "overdue": sum(1 for i in items if i.is_open and i.deadline < today),
        }
        for key, items in sorted(by_life_domain.items(), key=lambda kv: (kv[0] == "", kv[0]))
    ]
    return {
        "groups": groups,
        "life_domains": life_domains,
        "count": len(interventions),
        "overdue": [i for i in interventions if i.is_open and i.deadline < today],
    }


def person_registrations(user, person: Person, memberships) -> dict | None:
    """Justice data: the registrations and the recidivism since inclusion — only for users whose
    organisation may see justice data."""
    if not policy.may_see_category(user, DataCategory.JUSTICE):
        return None
    registrations = list(
        JudicialRegistration.objects.filter(person=person).select_related("offence_category")
    )
    included = min((m.included_on for m in memberships), default=None)
    firsts = first_new_offences({person.pk: included}, timezone.localdate()) if included else {}
    after = [r for r in registrations if included and r.offence_date > included]
    return {
        "registrations": registrations,
        "included_on": included,
        "new_since_inclusion": len(after),
        "first_new_offence": firsts.get(person.pk),
    }


def person_page(user, person: Person, memberships: list[ListMembership]) -> dict:
    today = timezone.localdate()
    list_ids = [m.target_list_id for m in memberships]
    return {
        "person": person,
        "memberships": memberships,
        "active_memberships": [m for m in memberships if m.is_active],
        "decisions": ListDecision.objects.filter(person=person, target_list_id__in=list_ids)
        .select_related("target_list", "decided_by", "best_cards", "coordinator")
        .order_by("-decided_at"),
        "scores": latest_scores(person, today),
        "bottlenecks": Bottleneck.objects.filter(person=person, target_list_id__in=list_ids)
        .select_related("asked_organisation", "target_list")
        .order_by("-raised_on", "-pk"),
        "plan": person_plan(user, person, today),
        "justice": person_registrations(user, person, memberships),
        "can_work": any(m.is_active for m in memberships)
        and may_work_with_target_person(user, person),
        "outdated_after": OUTDATED_AFTER_DAYS,
    }


def workload(user) -> dict:
    """The coordinator's view: their persons, and everything overdue or open around them."""
    today = timezone.localdate()
    memberships = list(
        ListMembership.objects.visible_to(user)
        .filter(ended_on__isnull=True, coordinator=user)
        .select_related("person", "target_list")
        .order_by("person__surname", "person__given_names")
    )
    persons = [m.person for m in memberships]
    overdue = list(
        Intervention.objects.visible_to(user)
        .filter(plan__case__persons__in=persons, status__in=OPEN_STATUSES, deadline__lt=today)
        .select_related("type", "owner_organisation", "plan__case")
        .prefetch_related("plan__case__persons")
        .distinct()
        .order_by("deadline")
    )
    person_ids = {p.pk for p in persons}
    for intervention in overdue:
        intervention.list_persons = [
            p for p in intervention.plan.case.persons.all() if p.pk in person_ids
        ]
    threshold = today - datetime.timedelta(days=OUTDATED_AFTER_DAYS)
    latest = dict(
        Assessment.objects.filter(person__in=persons)
        .values_list("person_id")
        .annotate(latest=Max("assessed_on"))
    )
    for membership in memberships:
        membership.latest_assessment = latest.get(membership.person_id)
        membership.assessment_outdated = (
            membership.latest_assessment is None or membership.latest_assessment < threshold
        )
    bottlenecks = list(
        Bottleneck.objects.filter(person__in=persons, status__in=("open", "in_progress"))
        .select_related("person", "asked_organisation")
        .order_by("raised_on")
    )
    if persons:
        record_persons(
            user,
            AuditAction.LIST,
            persons,
            purpose=Purpose.PERSON_ORIENTED_APPROACH,
            detail="werkvoorraad",
        )
    return {
        "memberships": memberships,
        "overdue": overdue,
        "bottlenecks": bottlenecks,
        "outdated": [m for m in memberships if m.assessment_outdated],
        "today": today,
    }


def list_bottlenecks(user, target_list: TargetList) -> list[Bottleneck]:
    """The bottlenecks of persons on the list that the user may see (the aggregate is separate)."""
    visible = ListMembership.objects.visible_to(user).filter(target_list=target_list)
    rows = list(
        Bottleneck.objects.filter(target_list=target_list, person__in=visible.values("person"))
        .select_related("person", "asked_organisation")
        .order_by("status", "-raised_on")
    )
    if rows:
        record_persons(
            user,
            AuditAction.LIST,
            {b.person for b in rows},
            purpose=Purpose.PERSON_ORIENTED_APPROACH,
            detail="knelpunten",
        )
    return rows
