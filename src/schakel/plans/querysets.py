"""Who may see interventions: those who see the case, in the data categories of their grant.

An intervention owned by an organisation whose involvement reveals care or justice (a care
provider, the OM) is itself such a fact: it follows the owner's category too.
"""

from django.db import models
from django.db.models import Count, Q
from django.utils import timezone

from schakel.access.policy import allowed_categories, involvement_readable
from schakel.cases.models import Case


class InterventionQuerySet(models.QuerySet):
    def visible_to(self, user) -> "InterventionQuerySet":
        from .models import DOMAIN_CATEGORY

        categories = allowed_categories(user)
        domains = [d for d, c in DOMAIN_CATEGORY.items() if c in categories]
        return self.filter(
            involvement_readable(user, "owner_organisation"),
            plan__case_id__in=Case.objects.visible_to(user).values("pk"),
            type__domain__in=domains,
        )

    def open_and_overdue(self) -> dict:
        """{"open": n, "overdue": n}, counted as `Intervention.is_open` and `is_overdue` judge
        one intervention, in one query (a case's overview shows the counts, not the list)."""
        from .workflow import OPEN_INTERVENTION_STATUSES

        is_open = Q(status__in=OPEN_INTERVENTION_STATUSES)
        return self.aggregate(
            open=Count("pk", filter=is_open),
            overdue=Count("pk", filter=is_open & Q(deadline__lt=timezone.localdate())),
        )
