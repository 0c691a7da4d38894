"""Who may see cases and their notes: the cases' own access rules, built from `access` predicates.

Participation is need-to-know: a user sees a case when their organisation takes part in it (and
has not left), when they are its coordinator, or when they are staff of the Veiligheidshuis that
runs it. Notes are shown only in the data categories the reader's organisation is granted.

Every other categorised fact of a case follows the same rule (`access.policy.may_read_category`),
applied here in bulk so that no page or serializer has to remember it: history lines by their
category, the closing reason by its category, and the involvement of an organisation whose kind
reveals care or justice (lead, participants) by that category — shown as a neutral "a partner".
`readable_by(user)` annotates the `shown_*` values that pages and the API display.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Concat
from django.utils.translation import gettext as _

from schakel.access.policy import (
    a_partner,
    allowed_categories,
    involvement_readable,
    runs_safety_house,
    shown_if,
    works_on_cases,
)

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

    def readable_by(self, user) -> "CaseQuerySet":
        """The lead and the closing reason as this user may read them (`shown_*`)."""
        lead = involvement_readable(user, "lead_organisation")
        return self.annotate(
            shown_lead_id=shown_if(
                lead, F("lead_organisation_id"), None, output_field=models.IntegerField()
            ),
            shown_lead_name=shown_if(lead, F("lead_organisation__name"), Value(a_partner())),
            shown_closing_reason=shown_if(
                Q(closing_reason_category__in=allowed_categories(user)),
                F("closing_reason"),
                Value(""),
            ),
        )


class CaseParticipationQuerySet(models.QuerySet):
    def readable_by(self, user) -> "CaseParticipationQuerySet":
        """Participants as this user may read them: an organisation whose involvement reveals
        a category the user may not see is "a partner" without id or purpose; a purpose is shown
        in its own category."""
        organisation = involvement_readable(user, "organisation")
        purpose = organisation & Q(purpose_category__in=allowed_categories(user))
        return self.annotate(
            shown_organisation_id=shown_if(
                organisation, F("organisation_id"), None, output_field=models.IntegerField()
            ),
            shown_organisation_name=shown_if(
                organisation, F("organisation__name"), Value(a_partner())
            ),
            shown_purpose=shown_if(purpose, F("purpose"), Value("")),
        )


class CaseEventQuerySet(models.QuerySet):
    """The append-only history: lines are never changed or deleted."""

    def update(self, **kwargs):
        raise ValidationError(_("History entries cannot be changed."))

    def delete(self):
        raise ValidationError(_("History entries cannot be deleted."))

    def visible_to(self, user) -> "CaseEventQuerySet":
        """History lines of visible cases in the categories the user may read."""
        from .models import Case

        return self.filter(
            case_id__in=Case.objects.visible_to(user).values("pk"),
            category__in=allowed_categories(user),
        )


class CaseNoteQuerySet(models.QuerySet):
    def visible_to(self, user) -> "CaseNoteQuerySet":
        from .models import Case

        return self.filter(
            case_id__in=Case.objects.visible_to(user).values("pk"),
            category__in=allowed_categories(user),
        )

    def readable_by(self, user) -> "CaseNoteQuerySet":
        """Notes as this user may read them: a general note written by a partner whose
        involvement the user may not learn (a care provider, to the police) is shown as written
        by "a partner", without the organisation's or the author's name."""
        organisation = involvement_readable(user, "organisation")
        return self.visible_to(user).annotate(
            shown_organisation_id=shown_if(
                organisation, F("organisation_id"), None, output_field=models.IntegerField()
            ),
            shown_organisation_name=shown_if(
                organisation, F("organisation__name"), Value(a_partner())
            ),
            shown_author_id=shown_if(
                organisation, F("author_id"), None, output_field=models.IntegerField()
            ),
            shown_author_name=shown_if(
                organisation,
                Concat(F("author__first_name"), Value(" "), F("author__last_name")),
                Value(""),
            ),
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
