"""Who may see interventions: those who see the case, in the data categories of their grant.

An intervention owned by an organisation whose involvement reveals care or justice (a care
provider, the OM) is itself such a fact: it follows the owner's category too.
"""

from django.db import models

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
