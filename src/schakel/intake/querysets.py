"""Who may see signals: the organisation that reported one, and the Veiligheidshuis that got it."""

from django.db import models
from django.db.models import Exists, OuterRef, Q

from schakel.access.policy import runs_safety_house, works_on_cases

from .workflow import HANDOVER_VISIBLE_STATES


class SignalQuerySet(models.QuerySet):
    def visible_to(self, user) -> "SignalQuerySet":
        """The reporter; the Veiligheidshuis that received it; and the lead organisation a
        hand-over gave it to, while that hand-over is offered, accepted or done."""
        if not works_on_cases(user):
            return self.none()
        from .models import Handover

        rule = Q(reporting_organisation_id=user.organisation_id)
        if runs_safety_house(user):
            rule |= Q(receiving_organisation_id=user.organisation_id)
        handed = Handover.objects.filter(
            signal=OuterRef("pk"),
            organisation_id=user.organisation_id,
            state__in=HANDOVER_VISIBLE_STATES,
        )
        return self.filter(rule | Q(Exists(handed)))


class HandoverQuerySet(models.QuerySet):
    def visible_to(self, user) -> "HandoverQuerySet":
        """The hand-overs of the signals the user sees; a lead organisation only its own."""
        from .models import Signal

        if not works_on_cases(user):
            return self.none()
        signals = Signal.objects.visible_to(user)
        if runs_safety_house(user):
            return self.filter(signal__in=signals.values("pk"))
        return self.filter(
            signal__in=signals.values("pk"),
            organisation_id=user.organisation_id,
        )


SUBJECT_FIELDS = {"person": "persons", "address": "addresses", "business": "businesses"}


def subjects_of_received_signals(user, model) -> models.QuerySet:
    """Ids of the persons, addresses or businesses on a signal the user's Veiligheidshuis
    received — for its staff, who triage the signal and establish who it is about — or on a
    signal handed over to the user's organisation, while the hand-over is offered, accepted or
    done: the lead cannot take on the work without knowing whom and where it is about
    (need-to-know, docs/decisions.md "Hand-over of a signal").

    The reporting organisation gets no sight of a person through its signal: what it typed stays
    its statement (`registry.ReportedSubject`), and a partner sees persons only through the cases
    it takes part in and the hand-overs given to it. Registered with `registry` at start-up (see
    `IntakeConfig.ready`).
    """
    from .models import Handover, Signal

    name = model._meta.model_name
    if not works_on_cases(user):
        return model.objects.none().values("pk")
    through = Signal._meta.get_field(SUBJECT_FIELDS[name]).remote_field.through
    handed = Handover.objects.filter(
        organisation_id=user.organisation_id, state__in=HANDOVER_VISIBLE_STATES
    ).values("signal_id")
    rule = Q(signal_id__in=handed)
    if runs_safety_house(user):
        received = Signal.objects.filter(receiving_organisation_id=user.organisation_id)
        rule |= Q(signal_id__in=received.values("pk"))
    return through.objects.filter(rule).values(f"{name}_id")
