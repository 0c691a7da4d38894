"""How triage decisions are read: their reason and lead by the data category rule.

Who sees a decision at all follows from the signal or case it belongs to (`intake`, `cases`);
what of it a reader may read is decided here, with `access.policy.may_read_category` in bulk.
"""

from django.db import models
from django.db.models import F, Q, Value

from schakel.access.policy import a_partner, allowed_categories, involvement_readable, shown_if


class TriageDecisionQuerySet(models.QuerySet):
    def readable_by(self, user) -> "TriageDecisionQuerySet":
        """`shown_reason` in its category; `shown_lead_name` unless the lead's involvement
        reveals a category the user may not see."""
        return self.annotate(
            shown_reason=shown_if(
                Q(reason_category__in=allowed_categories(user)), F("reason"), Value("")
            ),
            shown_lead_name=shown_if(
                involvement_readable(user, "lead_organisation"),
                F("lead_organisation__name"),
                Value(a_partner()),
            ),
        )
