"""Importing judicial registrations from an OM/police extract (CSV), atomically.

Every row is checked (BSN 11-test, dates written YYYY-MM-DD and plausible — born from 1900 until
today, offences and decisions from ``SCHAKEL_EARLIEST_EVENT_DATE`` until tomorrow, see
`schakel.lib.plausible` —, no NUL character, a known offence category or offence code, a known
decision); every bad row is reported with its line number and reason, and nothing is written when
any row is bad. A file that is not UTF-8, is empty or has only a header, or has a line that is
not CSV (a field over 128 KiB, a quote never closed) is refused with the line it stops at. Re-importing the same file changes nothing: registrations are keyed by their
source and `registration_id` (one supplier never overwrites another's), persons by the source's
own `person_ref` (kept as a `PersonReference`).

Persons are told apart by BSN where present, else by given names, surname and date of birth —
never by name alone: a row without BSN must have a date of birth. After a successful import the
persons it created are linked against the registry (`schakel.linkage`), so that a person the
source spells differently lands in the clerical review queue instead of staying a second person.
"""

from __future__ import annotations

import csv
import datetime
import io
import logging
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from schakel.access import policy
from schakel.access.errors import require
from schakel.audit.models import AuditAction, Purpose
from schakel.audit.services import record
from schakel.lib import plausible
from schakel.linkage import services as linkage
from schakel.linkage.models import LinkageRun
from schakel.registry.models import Person
from schakel.registry.services import register_persons_from_trusted_extract
from schakel.registry.validators import is_valid_bsn

from .models import (
    JudicialDecision,
    JudicialRegistration,
    OffenceCategory,
    OffenceCode,
    PersonReference,
    RegistrationImport,
)

COLUMNS = (
    "registration_id",
    "person_ref",
    "bsn",
    "given_name",
    "surname",
    "date_of_birth",
    "offence_date",
    "offence_category",
    "decision",
    "decision_date",
)
REQUIRED = ("registration_id", "person_ref", "given_name", "surname", "offence_date",
            "offence_category", "decision")  # fmt: skip
MAX_ROWS = 200_000
# What a later extract of the same source may change in a registration it sent before.
UPDATED_FIELDS = ("person", "offence_date", "offence_category", "decision", "decision_date")
_UPDATED_COLUMNS = ("person_id", "offence_date", "offence_category_id", "decision", "decision_date")
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RowError:
    line: int
    message: str


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    persons_created: int = 0
    errors: list[RowError] = field(default_factory=list)
    batch: RegistrationImport | None = None
    new_person_ids: list[int] = field(default_factory=list, repr=False)
    # The linkage of the new persons against the registry, run after the import is committed.
    linkage_run: LinkageRun | None = None
    linkage_failed: bool = False

    @property
    def queued_for_review(self) -> int:
        return self.linkage_run.review_count if self.linkage_run else 0

    @property
    def linked_without_review(self) -> int:
        return self.linkage_run.linked_count if self.linkage_run else 0

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _Row:
    line: int
    registration_id: str
    person_ref: str
    bsn: str
    given_name: str
    surname: str
    date_of_birth: datetime.date | None
    offence_date: datetime.date
    category: OffenceCategory
    decision: str
    decision_date: datetime.date | None


def normalise_name(value: str) -> str:
    """Compare names without case, accents or repeated spaces ('Éva  de Vries' = 'eva de vries')."""
    decomposed = unicodedata.normalize("NFKD", value or "")
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


def _not_utf8(content: bytes) -> RowError:
    """The error for a file that is not UTF-8, at the first line that is not."""
    line = 1
    for line, raw in enumerate(content.split(b"\n"), start=1):  # noqa: B007 -- the answer
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            break
    return RowError(
        line, _("The file is not UTF-8 text (line %(line)s): save it as UTF-8.") % {"line": line}
    )


def read_csv(stream) -> tuple[list[dict], list[RowError]]:
    """Rows as dicts with their line numbers (the header is line 1), or the file's error."""
    if isinstance(stream, bytes):
        try:
            stream = io.StringIO(stream.decode("utf-8-sig"))
        except UnicodeDecodeError:
            return [], [_not_utf8(stream)]
    reader = csv.DictReader(stream)
    try:
        header = [h.strip() for h in (reader.fieldnames or [])]
    except csv.Error:
        return [], [RowError(1, _("The header cannot be read as CSV."))]
    if not header:
        return [], [RowError(1, _("The file is empty."))]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        return [], [RowError(1, _("Missing columns: %(cols)s.") % {"cols": ", ".join(missing)})]
    reader.fieldnames = header
    rows = []
    starts_at = 2
    try:
        for row in reader:
            starts_at = reader.line_num + 1  # where the next record starts
            if len(rows) >= MAX_ROWS:
                return [], [RowError(reader.line_num, _("The file has too many rows."))]
            if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
                continue  # an empty line
            rows.append(
                {"_line": reader.line_num, **{c: (row.get(c) or "").strip() for c in COLUMNS}}
            )
    except csv.Error:
        # Python's reader stops at a field over 128 KiB (its field_size_limit) or at a quote
        # that is never closed: name the line where that record starts.
        return [], [
            RowError(
                starts_at,
                _(
                    "This line cannot be read as CSV: a field longer than 128 KiB, or a quote "
                    "that is not closed."
                ),
            )
        ]
    if not rows:
        return [], [RowError(1, _("The file has no rows: only a header."))]
    return rows, []


# The decisions a file may name (the enum's `values` builds a new list at every call).
_DECISIONS = frozenset(JudicialDecision.values)


class _Checks:
    """What every row is checked against, read once per import: the offence categories and
    codes, and the plausible windows of `schakel.lib.plausible` (taken once instead of once per
    date). A date inside them is plausible; one outside is checked by `plausible` itself, for
    its message (the windows only widen at midnight, so nothing plausible is refused)."""

    def __init__(self):
        self.categories = _categories()
        self.windows = {
            "date_of_birth": plausible.birth_window(),
            "offence_date": plausible.event_window(),
            "decision_date": plausible.event_window(),
        }

    def date(self, column: str, day: datetime.date) -> None:
        low, high = self.windows[column]
        if low <= day <= high:
            return
        if column == "date_of_birth":
            plausible.validate_date_of_birth(day)
        else:
            plausible.validate_event_date(day)


def _categories() -> dict[str, OffenceCategory]:
    lookup = {c.code: c for c in OffenceCategory.objects.filter(is_active=True)}
    for code in OffenceCode.objects.select_related("category").filter(category__is_active=True):
        lookup.setdefault(code.code, code.category)
    return lookup


def _validate(raw: dict, checks: _Checks) -> tuple[_Row | None, list[str]]:
    problems = []
    for column in COLUMNS:
        if plausible.has_nul(raw[column]):
            problems.append(_("%(column)s contains a NUL character.") % {"column": column})
            raw = {**raw, column: raw[column].replace("\x00", "")}
    for column in REQUIRED:
        if not raw[column]:
            problems.append(_("%(column)s is empty.") % {"column": column})
    dates = {}
    for column in ("date_of_birth", "offence_date", "decision_date"):
        if raw[column]:
            try:
                dates[column] = plausible.parse_date(raw[column])
                checks.date(column, dates[column])
            except ValidationError as error:
                dates.pop(column, None)
                problems.append(
                    _("%(column)s: %(reason)s") % {"column": column, "reason": error.messages[0]}
                )
    bsn = raw["bsn"].replace(" ", "")
    if bsn and not is_valid_bsn(bsn):
        problems.append(_("The BSN does not pass the 11-test."))
    if not bsn and not raw["date_of_birth"]:
        problems.append(
            _("Without a BSN a date of birth is needed: persons are never matched on name alone.")
        )
    category = checks.categories.get(raw["offence_category"])
    if raw["offence_category"] and category is None:
        problems.append(_("Unknown offence category or offence code."))
    decision = raw["decision"].lower()
    if raw["decision"] and decision not in _DECISIONS:
        problems.append(_("Unknown decision."))
    if decision and decision != JudicialDecision.PENDING and not raw["decision_date"]:
        problems.append(_("decision_date is empty."))
    offence, decided = dates.get("offence_date"), dates.get("decision_date")
    if offence and decided and decided < offence:
        problems.append(_("The decision date lies before the offence date."))
    born = dates.get("date_of_birth")
    if born and offence and offence < born:
        problems.append(_("The offence date lies before the date of birth."))
    if len(raw["registration_id"]) > 64 or len(raw["person_ref"]) > 64:
        problems.append(_("registration_id and person_ref have at most 64 characters."))
    if len(raw["given_name"]) > 200 or len(raw["surname"]) > 200:
        problems.append(_("Names have at most 200 characters."))
    if problems:
        return None, problems
    return (
        _Row(
            line=raw["_line"],
            registration_id=raw["registration_id"],
            person_ref=raw["person_ref"],
            bsn=bsn,
            given_name=raw["given_name"],
            surname=raw["surname"],
            date_of_birth=born,
            offence_date=offence,
            category=category,
            decision=decision,
            decision_date=decided,
        ),
        [],
    )


def _same_person(person: Person, row: _Row) -> bool:
    full_surname = " ".join(p for p in (person.surname_prefix, person.surname) if p)
    return (
        normalise_name(person.given_names) == normalise_name(row.given_name)
        and normalise_name(full_surname) == normalise_name(row.surname)
        and person.date_of_birth == row.date_of_birth
    )


def _chunks(values, size: int = 5000):
    values = list(values)
    for index in range(0, len(values), size):
        yield values[index : index + size]


class _PersonResolver:
    """Finds the person of a row: by the source's reference, by BSN, else by name + birth date.

    The candidates are read once for the whole file (in chunks), not per row.
    """

    def __init__(self, source: str, by, rows: list[_Row]):
        self.source = source
        self.by = by
        self.created = 0
        self.created_ids: list[int] = []
        self.new_persons: list[Person] = []
        self.new_references: list[tuple[str, Person]] = []
        self.references: dict[str, Person] = {}
        for chunk in _chunks({r.person_ref for r in rows}):
            for reference in PersonReference.objects.filter(
                source=source, ref__in=chunk
            ).select_related("person"):
                self.references[reference.ref] = reference.person
        self.by_bsn: dict[str, Person] = {}
        for chunk in _chunks({r.bsn for r in rows if r.bsn}):
            self.by_bsn.update((p.bsn, p) for p in Person.objects.filter(bsn__in=chunk))
        self.by_birth: dict = defaultdict(list)
        for chunk in _chunks({r.date_of_birth for r in rows if not r.bsn}):
            for person in Person.objects.filter(date_of_birth__in=chunk):
                self.by_birth[person.date_of_birth].append(person)

    def resolve(self, row: _Row) -> tuple[Person | None, str]:
        person = self.references.get(row.person_ref)
        if person is not None:
            if row.bsn and person.bsn and person.bsn != row.bsn:
                return None, _("person_ref refers to a person with another BSN.")
            if not row.bsn and not person.bsn and not _same_person(person, row):
                return None, _("person_ref refers to a person with another name or date of birth.")
            return person, ""
        if row.bsn:
            person = self.by_bsn.get(row.bsn) or self._create(row)
        else:
            candidates = [
                p for p in self.by_birth.get(row.date_of_birth, ()) if _same_person(p, row)
            ]
            if len(candidates) > 1:
                return None, _(
                    "Several persons have this name and date of birth; add the BSN to tell them apart."
                )
            person = candidates[0] if candidates else self._create(row)
        self.references[row.person_ref] = person
        self.new_references.append((row.person_ref, person))  # a new person's id comes later
        return person, ""

    def _create(self, row: _Row) -> Person:
        """A new person, saved later with all the others (`save_new_persons`)."""
        self.created += 1
        person = Person(
            given_names=row.given_name,
            surname=row.surname,
            bsn=row.bsn,
            date_of_birth=row.date_of_birth,
        )
        self.new_persons.append(person)
        if person.bsn:
            self.by_bsn[person.bsn] = person
        else:
            self.by_birth[person.date_of_birth].append(person)
        return person

    def save_new_persons(self) -> None:
        """Create the new persons in one insert, each audited, before anything refers to them."""
        register_persons_from_trusted_extract(
            self.new_persons, by=self.by, purpose=Purpose.REGISTRATION_IMPORT
        )
        self.created_ids = [person.pk for person in self.new_persons]


# progress(phase, rows, errors): "validate" with the rows checked and the problems found so far,
# "write" just before the one transaction, "link" once it is committed (a job shows these).
Progress = Callable[[str, int, int], None]


def import_registrations(
    stream, *, by, source: str, file_name: str = "", progress: Progress | None = None
) -> ImportResult:
    """Validate every row, then write all of them in one transaction — or none at all.

    `by=None` is the management command (an operator on the server); a user needs the policy's
    permission to import registrations.
    """
    notify = progress or (lambda phase, rows, errors: None)
    require(
        by is None or policy.may_import_registrations(by),
        _("You may not import judicial registrations."),
    )
    result = ImportResult()
    source = (source or "").strip()[:40] or "extract"
    raw_rows, header_errors = read_csv(stream)
    if header_errors:
        result.errors = header_errors
        return result
    result.rows = len(raw_rows)
    checks = _Checks()
    rows: list[_Row] = []
    seen: dict[str, int] = {}
    for checked, raw in enumerate(raw_rows):
        notify("validate", checked, len(result.errors))
        row, problems = _validate(raw, checks)
        if raw["registration_id"] in seen:
            problems.append(
                _("registration_id also on line %(line)s.") % {"line": seen[raw["registration_id"]]}
            )
        seen.setdefault(raw["registration_id"], raw["_line"])
        result.errors += [RowError(raw["_line"], p) for p in problems]
        if row is not None and not problems:
            rows.append(row)
    notify("validate", len(raw_rows), len(result.errors))
    if result.errors:
        return result
    notify("write", len(raw_rows), 0)  # the last moment progress is visible before the commit
    try:
        with transaction.atomic():
            _write(rows, result, by=by, source=source, file_name=file_name)
            if result.errors:
                raise _Rollback
    except IntegrityError:
        # Another import of the same source wrote these registrations at the same moment.
        result.errors = [
            RowError(0, _("Another import of this source ran at the same time; try again."))
        ]
        result.created = result.updated = result.unchanged = result.persons_created = 0
        result.batch = None
        result.new_person_ids = []
        return result
    except _Rollback:
        result.created = result.updated = result.unchanged = result.persons_created = 0
        result.batch = None
        result.new_person_ids = []
        return result
    if result.new_person_ids:
        notify("link", len(raw_rows), 0)
    _link_new_persons(result, by=by, source=source)
    return result


def _link_new_persons(result: ImportResult, *, by, source: str) -> None:
    """Queue possible matches between the new persons and the registry for clerical review.

    Runs after the import is committed, in its own transaction: when it fails, the import
    stands and the failure is reported (a registry run can find the pairs later).
    """
    if not result.new_person_ids:
        return
    try:
        with transaction.atomic():
            result.linkage_run = linkage.link_new_persons(
                result.new_person_ids,
                by=by,
                about={
                    "source": "registration import",
                    "import": result.batch.pk,
                    "supplier": source,
                },
            )
    except ValidationError:
        return  # fewer than two fields to compare on both sides: nothing to queue
    except Exception as error:  # whatever goes wrong here, the import stands
        result.linkage_failed = True
        # The class name only: a message could carry personal data from the records.
        logger.error(
            "Linkage after registration import %s failed: %s",
            result.batch.pk,
            type(error).__name__,
        )


class _Rollback(Exception):
    pass


def _write(rows: list[_Row], result: ImportResult, *, by, source: str, file_name: str) -> None:
    batch = RegistrationImport.objects.create(
        source=source, file_name=file_name[:200], imported_by=by, rows=len(rows)
    )
    resolver = _PersonResolver(source, by, rows)
    existing = {}
    for chunk in _chunks(row.registration_id for row in rows):
        existing.update(
            (r.registration_id, r)
            for r in JudicialRegistration.objects.filter(source=source, registration_id__in=chunk)
        )
    resolved = []
    for row in rows:
        person, problem = resolver.resolve(row)
        if person is None:
            result.errors.append(RowError(row.line, problem))
        else:
            resolved.append((row, person))
    if result.errors:
        return
    resolver.save_new_persons()
    now = timezone.now()
    new, changed_rows = [], []
    for row, person in resolved:
        values = (person.pk, row.offence_date, row.category.pk, row.decision, row.decision_date)
        registration = existing.get(row.registration_id)
        if registration is None:
            new.append((row.registration_id, source, batch.pk, now, now, *values))
            continue
        changed = [
            (key, value)
            for key, value in zip(_UPDATED_COLUMNS, values, strict=True)
            if getattr(registration, key) != value
        ]
        if changed:
            for key, value in changed:
                setattr(registration, key, value)
            registration.import_batch = batch
            changed_rows.append(registration)
            result.updated += 1
        else:
            result.unchanged += 1
    JudicialRegistration.objects.bulk_update(
        changed_rows, [*UPDATED_FIELDS, "import_batch"], batch_size=1000
    )
    _insert_rows(
        PersonReference,
        ("source", "ref", "person", "created_at"),
        [(source, ref, person.pk, now) for ref, person in resolver.new_references],
    )
    _insert_rows(
        JudicialRegistration,
        ("registration_id", "source", "import_batch", "created_at", "updated_at", *UPDATED_FIELDS),
        new,
    )
    result.created = len(new)
    result.persons_created = resolver.created
    result.new_person_ids = resolver.created_ids
    for key in ("created", "updated", "unchanged", "persons_created"):
        setattr(batch, key, getattr(result, key))
    batch.save()
    result.batch = batch
    record(
        by,
        AuditAction.CREATE,
        obj=batch,
        purpose=Purpose.REGISTRATION_IMPORT,
        detail=(
            f"import {batch.pk}: {result.rows} rijen, {result.created} nieuw, "
            f"{result.updated} gewijzigd, {result.persons_created} personen nieuw"
        ),
    )


def _insert_rows(model, fields: tuple[str, ...], rows: list[tuple]) -> None:
    """Insert plain rows (values in the order of `fields`, foreign keys as ids) into `model`'s
    table without a model instance per row: PostgreSQL `COPY`, SQLite one `executemany`. No
    signals, no defaults: the caller gives every value (docs/decisions.md, "Registration imports
    without model instances"). A refused row raises Django's `IntegrityError`, as `bulk_create`."""
    given = {model._meta.get_field(name) for name in fields}
    missing = [f.name for f in model._meta.concrete_fields if not f.primary_key and f not in given]
    if missing:  # a field added to the model later: give it here too
        raise ValueError(f"{model.__name__}: no value for {', '.join(missing)}")
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in fields)
    with connection.wrap_database_errors, connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        # SQLite stores an aware date-time as naive UTC text (Django's adaptation, once per value).
        adapted: dict[datetime.datetime, str] = {}

        def adapt(value):
            if isinstance(value, datetime.datetime):
                if value not in adapted:
                    adapted[value] = connection.ops.adapt_datetimefield_value(value)
                return adapted[value]
            return value

        placeholders = ", ".join(["%s"] * len(fields))
        cursor.executemany(
            f"INSERT INTO {table} ({columns}) VALUES ({placeholders})",  # noqa: S608 -- names
            [tuple(adapt(value) for value in row) for row in rows],
        )
