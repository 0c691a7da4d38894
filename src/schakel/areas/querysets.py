"""Who may see joint inspections and their findings."""

from django.db import models
from django.db.models import Q

from schakel.access.policy import allowed_categories, works_on_cases


class JointInspectionQuerySet(models.QuerySet):
    def visible_to(self, user) -> "JointInspectionQuerySet":
        """Inspections the user's organisation hosts or takes part in, or that they direct.

        Analysts see none: they see the number of inspections only.
        """
        if not works_on_cases(user):
            return self.none()
        taking_part = self.model.partners.through.objects.filter(
            organisation_id=user.organisation_id
        ).values("jointinspection_id")
        rule = (
            Q(host_organisation_id=user.organisation_id)
            | Q(pk__in=taking_part)
            | Q(coordinator_id=user.pk)
        )
        return self.filter(rule)


class FindingQuerySet(models.QuerySet):
    def visible_to(self, user) -> "FindingQuerySet":
        """Findings of visible inspections in the user's data categories, and their own partner's."""
        from .models import JointInspection

        return self.filter(
            inspection_id__in=JointInspection.objects.visible_to(user).values("pk")
        ).filter(
            Q(finding_type__data_category__in=allowed_categories(user))
            | Q(organisation_id=user.organisation_id)
        )
