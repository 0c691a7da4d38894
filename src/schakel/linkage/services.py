"""Record linkage in Schakel: runs over the registry, clerical review, links and "already known?".

Every state change is one function that validates, writes and audits in one transaction. The
numerical work is done by `schakel.analytics.linkage` (Splink) and `schakel.analytics.bloom`
(keyed Bloom filters); this module only moves data between them and the database.
"""

import secrets
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from django.conf import settings as django_settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from schakel.access import policy
from schakel.access.errors import ValidationError, require
from schakel.analytics import bloom
from schakel.analytics import linkage as analytics
from schakel.audit.models import AuditAction, Purpose
from schakel.audit.services import record
from schakel.cases.models import Case
from schakel.cases.workflow import OPEN_STATUSES
from schakel.jobs.models import Job
from schakel.jobs.services import start_job
from schakel.lib import counter
from schakel.registry.models import Person

from .models import CandidatePair, EncodedPerson, LinkageRun, PersonLink
from .workflow import PairStatus, require_transition

REGISTRY_RUN_JOB = "linkage.registry_run"
DEFAULT_LOWER_THRESHOLD = 0.5
DEFAULT_UPPER_THRESHOLD = 0.95
# Dice coefficient from which a question matches a person (names and date of birth only).
ALREADY_KNOWN_DICE = 0.8

REGISTRY_MAPPING = {
    "id": "id",
    "given_name": "given_names",
    "surname": "surname",
    "date_of_birth": "date_of_birth",
    "street": "street",
    "house_number": "house_number",
    "postcode": "postcode",
    "city": "city",
    "national_id": "bsn",
}


def model_parameters(result) -> dict:
    """What a run keeps of the model it used: the roles compared and whether the household
    rules held, with the shares of each extract that decided it (aggregates, no values)."""
    return {
        "roles": result.roles,
        "households": result.households,
        "household_shares": [round(share, 3) for share in result.household_shares],
    }


def require_reviewer(user) -> None:
    """Runs, review and identities are for the linkage reviewers only (the selectors use it too)."""
    require(policy.may_review_linkage(user), _("Only a process director may link person records."))


def _validate_thresholds(lower: float, upper: float) -> None:
    if not (0.0 < lower <= upper <= 1.0):
        raise ValidationError(
            _("The thresholds must satisfy 0 < review threshold ≤ link threshold ≤ 1.")
        )


# --- extracts ---------------------------------------------------------------------------------


def person_extract(persons) -> pd.DataFrame:
    """The registry's persons as an extract with the columns of `REGISTRY_MAPPING`."""
    rows = []
    for p in persons.select_related("address").order_by("pk"):
        address = p.address
        rows.append(
            {
                "id": str(p.pk),
                "given_names": p.given_names,
                "surname": " ".join(x for x in (p.surname_prefix, p.surname) if x),
                "date_of_birth": p.date_of_birth.isoformat() if p.date_of_birth else "",
                "street": address.street if address else "",
                "house_number": str(address.house_number) if address else "",
                "postcode": address.postcode if address else "",
                "city": address.city if address else "",
                "bsn": p.bsn,
            }
        )
    return pd.DataFrame(rows, columns=list(REGISTRY_MAPPING.values()))


# --- identities -------------------------------------------------------------------------------


def active_links():
    return PersonLink.objects.filter(undone_at__isnull=True)


def identity_groups() -> dict[int, int]:
    """person id → the smallest person id of its identity, for every linked person."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for left, right in active_links().values_list("left_id", "right_id"):
        a, b = find(left), find(right)
        if a != b:
            parent[max(a, b)] = min(a, b)
    return {x: find(x) for x in parent}


def identity_person_ids(person_id: int) -> set[int]:
    """Every person record that belongs to the same person as `person_id` (itself included)."""
    found = {person_id}
    frontier = {person_id}
    while frontier:
        links = active_links().filter(Q(left_id__in=frontier) | Q(right_id__in=frontier))
        step = set()
        for left, right in links.values_list("left_id", "right_id"):
            step.update((left, right))
        frontier = step - found
        found |= step
    return found


# --- runs -------------------------------------------------------------------------------------


def start_registry_run(
    *,
    by,
    lower_threshold: float = DEFAULT_LOWER_THRESHOLD,
    upper_threshold: float = DEFAULT_UPPER_THRESHOLD,
    link_above_upper: bool = True,
    seed: int = analytics.DEFAULT_SEED,
    now=None,
    progress: Callable[[str], None] | None = None,
) -> LinkageRun:
    """Deduplicate the registry's persons: queue uncertain pairs, link the certain ones.

    Pairs that an earlier run already put forward (whatever became of them) and records that
    already belong to one identity are not queued again: the latest decision stands.
    `progress(step)` is told each step ("read", "compare", "save") before it starts; a job
    stops there when the user cancelled it (nothing is stored before "save").
    """
    require_reviewer(by)
    _validate_thresholds(lower_threshold, upper_threshold)
    notify = progress or (lambda step: None)
    now = now or timezone.now()
    notify("read")
    extract = person_extract(Person.objects.all())
    notify("compare")
    result, pairs = _link_extracts(extract, None, threshold=lower_threshold, seed=seed)
    notify("save")
    return save_run(
        by=by,
        mode=LinkageRun.Mode.DEDUPE,
        pairs=pairs,
        record_count=len(extract),
        lower_threshold=lower_threshold,
        upper_threshold=upper_threshold,
        link_above_upper=link_above_upper,
        parameters={"seed": seed, "source": "registry", **model_parameters(result)},
        seconds=result.seconds,
        now=now,
    )


def queue_registry_run(
    *, by, lower_threshold: float, upper_threshold: float, link_above_upper: bool
) -> Job:
    """Start a registry run as a background job (`linkage.jobs`): a run over the whole registry
    takes longer than a web request may. Who may run it and the thresholds are checked now."""
    require_reviewer(by)
    _validate_thresholds(lower_threshold, upper_threshold)
    return start_job(
        kind=REGISTRY_RUN_JOB,
        title=_("Linkage run over the registry"),
        by=by,
        params={
            "lower_threshold": lower_threshold,
            "upper_threshold": upper_threshold,
            "link_above_upper": link_above_upper,
        },
    )


def _link_extracts(left, right, *, threshold: float, seed: int):
    """Run the linkage on registry extracts:
    (result, [(left id, right id, probability, reasons)]), the reasons for clerical review."""
    try:
        result = analytics.link_records(
            left,
            right,
            REGISTRY_MAPPING,
            threshold=threshold,
            options=analytics.LinkageOptions(seed=seed),
            explain=True,
        )
    except analytics.MappingError as error:
        raise ValidationError(str(error)) from None
    pairs = [
        (int(a), int(b), float(p), reasons)
        for a, b, p, reasons in result.pairs[[*analytics.PAIR_COLUMNS, "reasons"]].itertuples(
            index=False
        )
    ]
    return result, pairs


def save_run(*, by, **kw) -> LinkageRun:
    """Store a run's pairs (see `_store_run`); only a reviewer may."""
    require_reviewer(by)
    return _store_run(by=by, **kw)


def _store_run(
    *,
    by,
    mode: str,
    pairs: list[tuple],
    record_count: int,
    lower_threshold: float,
    upper_threshold: float,
    link_above_upper: bool,
    parameters: dict,
    seconds: float = 0.0,
    now=None,
) -> LinkageRun:
    """Store a run's pairs (person id, person id, probability[, reasons]): queue each one from
    the lower threshold on, and link it without review only from the upper one (when the run
    links at all). The reasons (`analytics.linkage`, explain) are kept for the review page.

    No reviewer check: `save_run` makes it, and the run an import starts needs none (see below).
    """
    _validate_thresholds(lower_threshold, upper_threshold)
    now = now or timezone.now()
    groups = identity_groups()
    known = set(CandidatePair.objects.values_list("left_id", "right_id"))
    existing = set(Person.objects.values_list("pk", flat=True))
    with transaction.atomic():
        run = LinkageRun.objects.create(
            mode=mode,
            started_by=by,
            organisation=by.organisation if by is not None else None,
            started_at=now,
            finished_at=now,
            lower_threshold=lower_threshold,
            upper_threshold=upper_threshold,
            parameters={**parameters, "link_above_upper": link_above_upper},
            record_count=record_count,
            seconds=round(seconds, 3),
        )
        new_pairs = []
        for a, b, probability, *explained in pairs:
            left, right = min(a, b), max(a, b)
            if left == right or probability < lower_threshold:
                continue
            if left not in existing or right not in existing or (left, right) in known:
                continue
            if left in groups and groups.get(left) == groups.get(right):
                continue
            known.add((left, right))
            linked = link_above_upper and probability >= upper_threshold
            new_pairs.append(
                CandidatePair(
                    run=run,
                    left_id=left,
                    right_id=right,
                    probability=probability,
                    reasons=explained[0] if explained else {},
                    status=CandidatePair.Status.LINKED if linked else CandidatePair.Status.PENDING,
                    decided_by=by if linked else None,
                    decided_at=now if linked else None,
                )
            )
        CandidatePair.objects.bulk_create(new_pairs)
        linked_pairs = list(run.pairs.filter(status=CandidatePair.Status.LINKED))
        for pair in linked_pairs:
            _link(by, pair, now, detail_prefix="automatisch gekoppeld")
        run.pair_count = len(new_pairs)
        run.linked_count = len(linked_pairs)
        run.review_count = len(new_pairs) - len(linked_pairs)
        run.save(update_fields=["pair_count", "linked_count", "review_count"])
        record(
            by,
            AuditAction.CREATE,
            obj=run,
            purpose=Purpose.LINKAGE,
            detail=(
                f"koppelrun {run.mode}: {record_count} records, {run.pair_count} paren, "
                f"{run.review_count} ter beoordeling, {run.linked_count} gekoppeld"
            ),
        )
    return run


def latest_registry_run() -> LinkageRun | None:
    """The last run over the whole registry: its settings are the ones a reviewer chose."""
    return (
        LinkageRun.objects.filter(mode=LinkageRun.Mode.DEDUPE, parameters__source="registry")
        .order_by("-started_at", "-pk")
        .first()
    )


def link_new_persons(
    person_ids,
    *,
    by,
    lower_threshold: float | None = None,
    upper_threshold: float | None = None,
    about: dict | None = None,
    seed: int = analytics.DEFAULT_SEED,
    now=None,
) -> LinkageRun | None:
    """Link persons just created by an import against the persons already in the registry.

    The same linkage as a registry run, focused: the new records (left) against the existing ones
    (right), so that a person a partner registers again under another spelling is queued for
    review instead of silently becoming a second person. The thresholds default to those of the
    latest registry run; pairs at or above the upper one are linked without review only when
    that run did so too (no registry run yet: nothing is linked without review). Returns None
    when there is nothing to compare. `about` (ids, no personal data) is kept with the run.

    No reviewer check: the caller is an import, which is authorised itself, and this run only
    queues pairs for the reviewers (or links as a reviewer chose for registry runs).
    """
    latest = latest_registry_run()
    if lower_threshold is None:
        lower_threshold = latest.lower_threshold if latest else DEFAULT_LOWER_THRESHOLD
    if upper_threshold is None:
        upper_threshold = latest.upper_threshold if latest else DEFAULT_UPPER_THRESHOLD
    link_above_upper = bool(latest and latest.parameters.get("link_above_upper"))
    _validate_thresholds(lower_threshold, upper_threshold)
    new_ids = {str(pk) for pk in person_ids}
    if not new_ids or Person.objects.count() <= len(new_ids):
        return None
    # One query for the whole registry, split here: no long `IN (...)` list of new ids.
    extract = person_extract(Person.objects.all())
    is_new = extract["id"].isin(new_ids)
    new, existing = extract[is_new], extract[~is_new]
    if new.empty or existing.empty:
        return None
    # A MappingError (e.g. the new records carry only a name) becomes a ValidationError.
    result, pairs = _link_extracts(
        new.reset_index(drop=True),
        existing.reset_index(drop=True),
        threshold=lower_threshold,
        seed=seed,
    )
    return _store_run(
        by=by,
        mode=LinkageRun.Mode.LINK,
        pairs=pairs,
        record_count=len(extract),
        lower_threshold=lower_threshold,
        upper_threshold=upper_threshold,
        link_above_upper=link_above_upper,
        parameters={
            "source": "import",
            **(about or {}),
            "seed": seed,
            **model_parameters(result),
            "new_records": len(new),
        },
        seconds=result.seconds,
        now=now,
    )


# --- clerical review --------------------------------------------------------------------------


def _audit_pair(user, action, pair: CandidatePair, what: str) -> None:
    """One entry per person record: NEN 7513 asks which persons' data was processed."""
    detail = f"{what}: paar {pair.pk}, persoon {pair.left_id} en persoon {pair.right_id}"
    for person_id in (pair.left_id, pair.right_id):
        record(user, action, obj=pair, person_id=person_id, purpose=Purpose.LINKAGE, detail=detail)


def _link(
    user, pair: CandidatePair, now, *, detail_prefix: str, action=AuditAction.CREATE
) -> PersonLink:
    link = PersonLink.objects.create(
        left_id=pair.left_id, right_id=pair.right_id, pair=pair, created_by=user, created_at=now
    )
    _audit_pair(user, action, pair, detail_prefix)
    return link


def _locked_pair(pair: CandidatePair) -> CandidatePair:
    return CandidatePair.objects.select_for_update().get(pk=pair.pk)


def accept_pair(*, pair: CandidatePair, by, now=None) -> CandidatePair:
    """The two records are one person: link them (both records stay intact)."""
    require_reviewer(by)
    now = now or timezone.now()
    with transaction.atomic():
        pair = _locked_pair(pair)
        require_transition(pair.status, PairStatus.ACCEPTED)
        pair.status = PairStatus.ACCEPTED
        pair.decided_by, pair.decided_at = by, now
        pair.save(update_fields=["status", "decided_by", "decided_at"])
        if active_links().filter(left_id=pair.left_id, right_id=pair.right_id).exists():
            _audit_pair(by, AuditAction.CHANGE, pair, "koppeling geaccepteerd")
        else:
            _link(by, pair, now, detail_prefix="koppeling geaccepteerd", action=AuditAction.CHANGE)
    return pair


def reject_pair(*, pair: CandidatePair, by, now=None) -> CandidatePair:
    """The two records are different persons; the pair is not put forward again."""
    require_reviewer(by)
    now = now or timezone.now()
    with transaction.atomic():
        pair = _locked_pair(pair)
        require_transition(pair.status, PairStatus.REJECTED)
        pair.status = PairStatus.REJECTED
        pair.decided_by, pair.decided_at = by, now
        pair.save(update_fields=["status", "decided_by", "decided_at"])
        _audit_pair(by, AuditAction.CHANGE, pair, "koppeling afgewezen")
    return pair


def undo_decision(*, pair: CandidatePair, by, now=None) -> CandidatePair:
    """Take back an accept, reject or automatic link: the pair is queued for review again."""
    require_reviewer(by)
    now = now or timezone.now()
    with transaction.atomic():
        pair = _locked_pair(pair)
        require_transition(pair.status, PairStatus.PENDING)
        active_links().filter(left_id=pair.left_id, right_id=pair.right_id).update(
            undone_at=now, undone_by=by
        )
        previous = pair.status
        pair.status = PairStatus.PENDING
        pair.decided_by, pair.decided_at = None, None
        pair.save(update_fields=["status", "decided_by", "decided_at"])
        _audit_pair(by, AuditAction.CHANGE, pair, f"besluit ongedaan gemaakt ({previous})")
    return pair


# --- "already known?" -------------------------------------------------------------------------


@dataclass(frozen=True)
class AlreadyKnownAnswer:
    """Whether the person is known in an open case, and which Veiligheidshuis to contact.

    Never the partner that leads the case: that would tell the asker that care or justice is
    involved (issue 9). The Veiligheidshuis decides what it may share.
    """

    known: bool
    organisations: list[str]


class AskReason(models.TextChoices):
    """Why a case worker asks (purpose limitation: recorded with every question)."""

    SIGNAL = "melding", gettext_lazy("Preparing a signal")
    CASE = "casus", gettext_lazy("Coordinating in a case")
    SAFETY = "veiligheid", gettext_lazy("An acute safety risk")


def _question_key(user) -> str:
    return f"schakel:already-known:{user.pk}:{timezone.localdate():%Y-%m-%d}"


def _count_question(user) -> None:
    """At most SCHAKEL_ALREADY_KNOWN_PER_DAY questions per user per day; the first question over
    the limit is refused and tells the privacy officer (an audit entry of its own kind)."""
    limit = django_settings.SCHAKEL_ALREADY_KNOWN_PER_DAY
    key = _question_key(user)
    # Counted so that questions asked at once in different processes all count (lib/counter.py);
    # exactly one of them is number limit + 1, the one that tells the privacy officer.
    asked = counter.count(key, window=24 * 3600, up_to=limit + 1)
    if asked <= limit:
        return
    if asked == limit + 1:
        record(
            user,
            AuditAction.SEARCH,
            object_type=ALREADY_KNOWN_ALERT,
            purpose=Purpose.OVERSIGHT,
            detail=f"ongebruikelijk aantal vragen 'al bekend?': meer dan {limit} op een dag",
        )
    raise ValidationError(
        _(
            "You have asked %(limit)s times today, the most a day allows. Contact the "
            "Veiligheidshuis if you need to ask more."
        )
        % {"limit": limit}
    )


# The privacy officer filters the audit log on this object type to see unusual volumes.
ALREADY_KNOWN_ALERT = "linkage.already_known.alert"


def _persons_in_open_cases() -> set[int]:
    direct = set(
        Person.objects.filter(cases__status__in=OPEN_STATUSES).values_list("pk", flat=True)
    )
    groups = identity_groups()
    roots = {groups[p] for p in direct if p in groups}
    return direct | {p for p, root in groups.items() if root in roots}


def _contacts(person_ids: set[int]) -> list[str]:
    """The Veiligheidshuizen that run the open cases: never the partners that lead them."""
    everyone: set[int] = set()
    for person_id in person_ids:
        everyone |= identity_person_ids(person_id)
    cases = Case.objects.filter(persons__in=everyone, status__in=OPEN_STATUSES).select_related(
        "host_organisation"
    )
    return sorted({case.host_organisation.name for case in cases})


def _answer(user, matched: set[int], how: str, reason: str) -> AlreadyKnownAnswer:
    organisations = _contacts(matched) if matched else []
    # The question's values never reach the log: only that it was asked, why, and how it ended.
    record(
        user,
        AuditAction.SEARCH,
        object_type="linkage.already_known",
        purpose=Purpose.ALREADY_KNOWN,
        detail=f"vraag 'al bekend?' ({how}; reden: {AskReason(reason).value}): "
        f"{len(organisations)} organisatie(s) genoemd",
    )
    for person_id in sorted(matched):
        record(
            user,
            AuditAction.SEARCH,
            object_type="linkage.already_known",
            person_id=person_id,
            purpose=Purpose.ALREADY_KNOWN,
            detail="persoon gevonden bij vraag 'al bekend?'",
        )
    return AlreadyKnownAnswer(known=bool(organisations), organisations=organisations)


def _require_asker(user, reason: str) -> None:
    require(
        policy.works_on_cases(user),
        _("Only case workers may ask whether a person is already known."),
    )
    if reason not in AskReason.values:
        raise ValidationError(_("Say why you ask: the purpose is recorded with the question."))


ENOUGH_TO_ASK = gettext_lazy(
    "Give the date of birth with a BSN, or with the surname and given names: less would let the "
    "question find people by chance."
)


def enough_to_ask(*, bsn: str, given_names: str, surname: str, date_of_birth) -> bool:
    """A question must identify a person: a BSN or a full name, and always the date of birth."""
    return bool(date_of_birth and (bsn or (surname and given_names)))


def already_known(
    *,
    by,
    given_names: str = "",
    surname_prefix: str = "",
    surname: str = "",
    date_of_birth=None,
    bsn: str = "",
    reason: str = "",
) -> AlreadyKnownAnswer:
    """Is a person like this known in an open case? Answer only which organisation to contact.

    The question and the candidates are encoded as Bloom filters under a key made for this one
    question (and then forgotten), and compared by their Dice coefficient, as in the privacy-
    preserving mode. The same BSN is a match; two different BSNs are never one.
    """
    _require_asker(by, reason)
    if not enough_to_ask(
        bsn=bsn, given_names=given_names, surname=surname, date_of_birth=date_of_birth
    ):
        raise ValidationError(ENOUGH_TO_ASK)
    _count_question(by)
    query = {
        "given_name": given_names,
        "surname": " ".join(x for x in (surname_prefix, surname) if x),
        "date_of_birth": date_of_birth.isoformat() if date_of_birth else "",
    }
    roles = tuple((r, bloom.DEFAULT_FIELD_HASHES[r]) for r, v in query.items() if v)
    candidates = Person.objects.filter(pk__in=_persons_in_open_cases())
    matched: set[int] = set()
    if bsn:
        matched |= set(candidates.filter(bsn=bsn).values_list("pk", flat=True))
    if roles:
        settings = bloom.ClkSettings(field_hashes=roles)
        key = secrets.token_bytes(32)
        people = list(candidates)
        if people:
            question = bloom.encode_record(query, key, settings)[None, :]
            encoded = np.vstack(
                [
                    bloom.encode_record(
                        {
                            "given_name": p.given_names,
                            "surname": " ".join(x for x in (p.surname_prefix, p.surname) if x),
                            "date_of_birth": p.date_of_birth.isoformat() if p.date_of_birth else "",
                        },
                        key,
                        settings,
                    )
                    for p in people
                ]
            )
            scores = bloom.dice_scores(question, encoded)[0]
            for person, score in zip(people, scores, strict=True):
                if score < ALREADY_KNOWN_DICE:
                    continue
                if bsn and person.bsn and person.bsn != bsn:
                    continue
                matched.add(person.pk)
    return _answer(by, matched, "persoonsgegevens", reason)


def already_known_by_encoding(
    *, by, clk: str, key_label: str = "", reason: str = ""
) -> AlreadyKnownAnswer:
    """The same question with a partner's CLK, compared with the encodings partners uploaded."""
    _require_asker(by, reason)
    try:
        question = bloom.from_base64(clk)
    except bloom.EncodingError as error:
        raise ValidationError(str(error)) from None
    _count_question(by)
    stored = EncodedPerson.objects.filter(person_id__in=_persons_in_open_cases())
    if key_label:
        stored = stored.filter(key_label=key_label)
    rows = [(e.person_id, bloom.from_base64(e.clk)) for e in stored]
    rows = [(pid, vector) for pid, vector in rows if len(vector) == len(question)]
    matched: set[int] = set()
    if rows:
        scores = bloom.dice_scores(question[None, :], np.vstack([v for _, v in rows]))[0]
        matched = {
            pid for (pid, _v), s in zip(rows, scores, strict=True) if s >= ALREADY_KNOWN_DICE
        }
    return _answer(by, matched, "codering", reason)


def import_encodings(*, by, rows: list[tuple[str, str]], key_label: str) -> int:
    """Store a partner's encodings of registry persons (id = person id) for encoded questions."""
    require_reviewer(by)
    if not key_label.strip():
        raise ValidationError(_("Give the label of the key that made the encodings."))
    existing = set(Person.objects.values_list("pk", flat=True))
    objects = []
    for person_id, clk in rows:
        try:
            pk = int(person_id)
            bloom.from_base64(clk)
        except (ValueError, bloom.EncodingError):
            raise ValidationError(_("Each row needs a person id and a valid encoding.")) from None
        if pk not in existing:
            raise ValidationError(_("An id does not belong to a person in the registry."))
        objects.append(EncodedPerson(person_id=pk, clk=clk, key_label=key_label, uploaded_by=by))
    with transaction.atomic():
        EncodedPerson.objects.filter(key_label=key_label).delete()
        EncodedPerson.objects.bulk_create(objects)
        record(
            by,
            AuditAction.CREATE,
            object_type="linkage.encodedperson",
            purpose=Purpose.LINKAGE,
            detail=f"{len(objects)} coderingen ingelezen (sleutellabel {key_label[:40]})",
        )
    return len(objects)
