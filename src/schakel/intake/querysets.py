"""Who may see signals: the organisation that reported one, and the Veiligheidshuis that got it."""

from django.db import models
from django.db.models import Q

from schakel.access.policy import runs_safety_house, works_on_cases


class SignalQuerySet(models.QuerySet):
    def visible_to(self, user) -> "SignalQuerySet":
        if not works_on_cases(user):
            return self.none()
        rule = Q(reporting_organisation_id=user.organisation_id)
        if runs_safety_house(user):
            rule |= Q(receiving_organisation_id=user.organisation_id)
        return self.filter(rule)


SUBJECT_FIELDS = {"person": "persons", "address": "addresses", "business": "businesses"}


def subjects_of_visible_signals(user, model) -> models.QuerySet:
    """Ids of the persons, addresses or businesses named in a signal the user may see.

    Registered with `registry` at start-up (see `IntakeConfig.ready`).
    """
    from .models import Signal

    name = model._meta.model_name
    through = Signal._meta.get_field(SUBJECT_FIELDS[name]).remote_field.through
    return through.objects.filter(
        signal_id__in=Signal.objects.visible_to(user).values("pk")
    ).values(f"{name}_id")
