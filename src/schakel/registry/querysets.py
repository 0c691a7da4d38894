"""Who may see persons, addresses and businesses.

A registry record carries no case data of its own: a user sees a person, address or business only
through a record that names it and that the user may see — a case they work on, a signal their
organisation reported or received. Those records live in apps above the registry (`cases`,
`intake`); each registers its rule here when Django starts (`register_subject_source` in its
`AppConfig.ready`), so that the registry never imports the apps that build on it.
"""

from collections.abc import Callable

from django.db import models
from django.db.models import Exists, OuterRef, Q

from schakel.access.policy import may_read_audit_log, works_on_cases

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
        # EXISTS per row rather than IN: a search that finds a few candidates checks each one
        # through the link tables' indexes, instead of building the set of every person of every
        # visible case first (60 ms per search at region size, and growing with the region).
        column = f"{self.model._meta.model_name}_id"
        rule = Q()
        for source in _SUBJECT_SOURCES:
            rule |= Q(Exists(source(user, self.model).filter(**{column: OuterRef("pk")})))
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
