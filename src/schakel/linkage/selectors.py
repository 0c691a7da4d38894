"""Reading linkage data: only for reviewers, and every person record shown is audited."""

from django.http import Http404

from schakel.audit.models import AuditAction, Purpose
from schakel.audit.services import record
from schakel.cases.models import Case
from schakel.registry.models import Person

from .models import CandidatePair, LinkageRun
from .services import identity_person_ids, require_reviewer

# The fields shown side by side in review, and how each is read from a person record.
REVIEW_FIELDS = (
    ("bsn", lambda p: p.bsn),
    ("given_names", lambda p: p.given_names),
    ("surname", lambda p: " ".join(x for x in (p.surname_prefix, p.surname) if x)),
    ("date_of_birth", lambda p: p.date_of_birth.isoformat() if p.date_of_birth else ""),
    ("street", lambda p: p.address.street if p.address else ""),
    (
        "house_number",
        lambda p: f"{p.address.house_number}{p.address.house_number_addition}" if p.address else "",
    ),
    ("postcode", lambda p: p.address.postcode if p.address else ""),
    ("city", lambda p: p.address.city if p.address else ""),
)


def runs_for_list(user):
    require_reviewer(user)
    return LinkageRun.objects.select_related("started_by", "organisation")


def pending_pairs(user):
    require_reviewer(user)
    return CandidatePair.objects.filter(status=CandidatePair.Status.PENDING).select_related("run")


def decided_pairs(user):
    require_reviewer(user)
    return (
        CandidatePair.objects.exclude(status=CandidatePair.Status.PENDING)
        .select_related("run", "decided_by")
        .order_by("-decided_at", "-pk")
    )


def get_pair_for_review(user, pk) -> CandidatePair:
    """The pair with both records; each record shown is audited (NEN 7513)."""
    require_reviewer(user)
    try:
        pair = CandidatePair.objects.select_related(
            "run", "decided_by", "left__address", "right__address"
        ).get(pk=pk)
    except (CandidatePair.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    for person in (pair.left, pair.right):
        record(
            user,
            AuditAction.VIEW,
            obj=pair,
            person=person,
            purpose=Purpose.LINKAGE,
            detail=f"beoordeling paar {pair.pk}: persoon {pair.left_id} en persoon {pair.right_id}",
        )
    return pair


def _same(a: str, b: str) -> bool:
    return " ".join(a.lower().split()) == " ".join(b.lower().split())


def side_by_side(pair: CandidatePair) -> list[dict]:
    """One row per field: both values and whether they differ (empty on one side also differs)."""
    rows = []
    for name, read in REVIEW_FIELDS:
        left, right = read(pair.left) or "", read(pair.right) or ""
        rows.append(
            {"field": name, "left": left, "right": right, "differs": not _same(left, right)}
        )
    return rows


def identity_for_view(user, person_pk) -> tuple[Person, list[Person], list]:
    """A person record, all records linked to it, and the cases of any of them the user may see."""
    require_reviewer(user)
    try:
        person = Person.objects.get(pk=person_pk)
    except (Person.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    ids = identity_person_ids(person.pk)
    members = list(Person.objects.filter(pk__in=ids).select_related("address").order_by("pk"))
    cases = list(Case.objects.visible_to(user).readable_by(user).filter(persons__in=ids).distinct())
    for member in members:
        record(
            user,
            AuditAction.VIEW,
            object_type="linkage.identity",
            object_id=person.pk,
            person=member,
            purpose=Purpose.LINKAGE,
            detail=f"identiteit van persoon {person.pk}: {len(members)} records",
        )
    return person, members, cases
