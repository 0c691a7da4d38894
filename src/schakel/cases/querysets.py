"""Who may see cases and their notes: the cases' own access rules, built from `access` predicates.

Participation is need-to-know: a user sees a case when their organisation takes part in it (and
has not left), when they are its coordinator, or when they are staff of the Veiligheidshuis that
runs it. Notes are shown only in the data categories the reader's organisation is granted.
"""

from django.db import models
from django.db.models import Q

from schakel.access.policy import allowed_categories, runs_safety_house, works_on_cases

# The rules are written as `pk IN (subquery)` alternatives rather than OR-ed joins: an OR across a
# LEFT JOIN makes PostgreSQL re-run nested subplans row by row (minutes on the demo data), while
# independent semi-joins are planned as hashed subqueries on every database (docs/decisions.md).


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user) -> "CaseQuerySet":
        from .models import CaseParticipation

        if not works_on_cases(user):
            return self.none()
        participating = CaseParticipation.objects.filter(
            organisation_id=user.organisation_id, ended_at__isnull=True
        ).values("case_id")
        rule = Q(pk__in=participating) | Q(coordinator_id=user.pk)
        if runs_safety_house(user):
            rule |= Q(host_organisation_id=user.organisation_id)
        return self.filter(rule)


class CaseNoteQuerySet(models.QuerySet):
    def visible_to(self, user) -> "CaseNoteQuerySet":
        from .models import Case

        return self.filter(
            case_id__in=Case.objects.visible_to(user).values("pk"),
            category__in=allowed_categories(user),
        )


SUBJECT_FIELDS = {"person": "persons", "address": "addresses", "business": "businesses"}


def subjects_of_visible_cases(user, model) -> models.QuerySet:
    """Ids of the persons, addresses or businesses named in a case the user may see.

    Registered with `registry` at start-up (see `CasesConfig.ready`).
    """
    from .models import Case

    name = model._meta.model_name
    through = Case._meta.get_field(SUBJECT_FIELDS[name]).remote_field.through
    return through.objects.filter(case_id__in=Case.objects.visible_to(user).values("pk")).values(
        f"{name}_id"
    )
