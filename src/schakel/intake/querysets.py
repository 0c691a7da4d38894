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


def subjects_of_received_signals(user, model) -> models.QuerySet:
    """Ids of the persons, addresses or businesses on a signal the user's Veiligheidshuis
    received — for its staff only, who triage the signal and establish who it is about.

    The reporting organisation gets no sight of a person through its signal: what it typed stays
    its statement (`registry.ReportedSubject`), and a partner sees persons only through the cases
    it takes part in. Registered with `registry` at start-up (see `IntakeConfig.ready`).
    """
    from .models import Signal

    name = model._meta.model_name
    if not runs_safety_house(user):
        return model.objects.none().values("pk")
    through = Signal._meta.get_field(SUBJECT_FIELDS[name]).remote_field.through
    received = Signal.objects.filter(receiving_organisation_id=user.organisation_id)
    return through.objects.filter(signal_id__in=received.values("pk")).values(f"{name}_id")
