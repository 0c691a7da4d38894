"""Who may see case conferences and their decisions."""

from django.db import models
from django.db.models import F, Q, Value

from schakel.access.policy import allowed_categories, runs_safety_house, shown_if, works_on_cases
from schakel.cases.models import Case


class ConferenceQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ConferenceQuerySet":
        """Conferences the user's Veiligheidshuis hosts, or that the user chairs or is invited to."""
        from .models import Attendance

        if not works_on_cases(user):
            return self.none()
        invited = Attendance.objects.filter(user_id=user.pk).values("conference_id")
        rule = Q(pk__in=invited) | Q(chair_id=user.pk)
        if runs_safety_house(user):
            rule |= Q(host_organisation_id=user.organisation_id)
        return self.filter(rule)


class AgendaItemQuerySet(models.QuerySet):
    def readable_by(self, user) -> "AgendaItemQuerySet":
        """`shown_question`: the question for the conference in its data category."""
        return self.annotate(
            shown_question=shown_if(
                Q(question_category__in=allowed_categories(user)), F("question"), Value("")
            )
        )


class DecisionQuerySet(models.QuerySet):
    def visible_to(self, user) -> "DecisionQuerySet":
        """Decisions on cases the user may see, in the data categories of their grant."""
        return self.filter(
            case_id__in=Case.objects.visible_to(user).values("pk"),
            category__in=allowed_categories(user),
        )
