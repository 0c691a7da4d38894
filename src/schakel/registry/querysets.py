"""Who may see persons, addresses and businesses.

A registry record carries no case data of its own: a user sees a person, address or business only
through a record that names it and that the user may see — a case they work on, a signal their
organisation reported or received. Those records live in apps above the registry (`cases`,
`intake`); each registers its rule here when Django starts (`register_subject_source` in its
`AppConfig.ready`), so that the registry never imports the apps that build on it.
"""

from collections.abc import Callable

from django.db import connections, models
from django.db.models import Exists, OuterRef, Q

from schakel.access.policy import may_read_audit_log, may_register_owners, works_on_cases

# source(user, model) -> a queryset of the ids of `model` rows the user may see through it.
SubjectSource = Callable[[object, type[models.Model]], models.QuerySet]
_SUBJECT_SOURCES: list[SubjectSource] = []


def register_subject_source(source: SubjectSource) -> None:
    if source not in _SUBJECT_SOURCES:
        _SUBJECT_SOURCES.append(source)


class SubjectQuerySet(models.QuerySet):
    def visible_to(self, user) -> "SubjectQuerySet":
        """Subjects of a case or signal the user may see — nobody and nothing else."""
        if not works_on_cases(user) or not _SUBJECT_SOURCES:
            return self.none()
        # PostgreSQL: EXISTS per row. A search that finds a few candidates checks each through
        # the link tables' indexes, instead of building the set of every subject of every
        # visible case first (persons search 90 -> 16 ms at region size), and a list of all
        # visible persons no longer materialises that set and scans it per row.
        # SQLite: IN. It evaluates a correlated EXISTS (with the case rule inside) anew for
        # every row where it builds an IN set once: the signal page took 8 s at SQLite's scale.
        # The same rule either way; only the plan differs (docs/decisions.md).
        column = f"{self.model._meta.model_name}_id"
        per_row = connections[self.db].vendor == "postgresql"
        rule = Q()
        for source in _SUBJECT_SOURCES:
            subjects = source(user, self.model)
            if per_row:
                rule |= Q(Exists(subjects.filter(**{column: OuterRef("pk")})))
            else:
                rule |= Q(pk__in=subjects)
        return self.filter(rule)


class PersonQuerySet(SubjectQuerySet):
    def for_audit(self, user) -> "PersonQuerySet":
        """Persons an auditor may look up to answer a data subject's request.

        The auditor sees no case data, only who a person record is, to find the log entries
        about them; every lookup is audited.
        """
        if not may_read_audit_log(user):
            return self.none()
        return self.all()


class BusinessQuerySet(SubjectQuerySet):
    def visible_to(self, user) -> "BusinessQuerySet":
        """The subject rule, and for those who keep the owner register every business in it.

        A business registered as an owner (`register_business`) is named by no case or signal;
        the area directors who link owners to premises must find it again. A business known only
        from a case stays behind the subject rule.
        """
        named = super().visible_to(user)
        if not may_register_owners(user):
            return named
        return self.filter(Q(pk__in=named.values("pk")) | Q(registered_at__isnull=False))
