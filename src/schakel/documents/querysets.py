"""Who may see a document: the reader sees its owner (the case, the signal, the intervention, the
inspection, the hot-spot plan) and may see its data category — the same rules as the owner's own
notes and findings."""

from django.db import models
from django.db.models import Q

from schakel.access.policy import allowed_categories, may_use_area_approach


class DocumentQuerySet(models.QuerySet):
    def visible_to(self, user) -> "DocumentQuerySet":
        from schakel.areas.models import JointInspection
        from schakel.cases.models import Case
        from schakel.intake.models import Signal
        from schakel.plans.models import Intervention

        categories = allowed_categories(user)
        if not categories:
            return self.none()
        owners = (
            Q(case_id__in=Case.objects.visible_to(user).values("pk"))
            | Q(signal_id__in=Signal.objects.visible_to(user).values("pk"))
            | Q(intervention_id__in=Intervention.objects.visible_to(user).values("pk"))
            | Q(inspection_id__in=JointInspection.objects.visible_to(user).values("pk"))
        )
        if may_use_area_approach(user):
            # A plan is open to every user of the area approach (`areas.selectors.plans`).
            owners |= Q(plan__isnull=False)
        return self.filter(owners, data_category__in=categories)
