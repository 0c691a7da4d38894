"""The kinds of notification. A notification's text is made from its kind alone: it says what
kind of work waits and where, never whom it is about (no names, BSN, addresses, descriptions),
because it also travels by e-mail."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    CONFERENCE_INVITATION = "conference_invitation", _("You are invited to a case conference.")
    CONFERENCE_SOON = "conference_soon", _("A case conference you are invited to is coming up.")
    INTERVENTION_ASSIGNED = "intervention_assigned", _("An intervention was assigned to you.")
    INTERVENTION_DUE = "intervention_due", _("The deadline of an intervention is near.")
    INTERVENTION_OVERDUE = "intervention_overdue", _("An intervention is past its deadline.")
    COORDINATOR_ASSIGNED = (
        "coordinator_assigned",
        _("You were made the coordinator of a person on a target-group list."),
    )
    CASE_REVIEW_DUE = "case_review_due", _("The review date of a case is near.")
    CASE_REVIEW_PASSED = "case_review_passed", _("The review date of a case has passed.")
    SIGNAL_REVIEW_PASSED = (
        "signal_review_passed",
        _("The review date of a triaged signal has passed."),
    )
    PARTICIPATION_ENDED = (
        "participation_ended",
        _("Your organisation no longer takes part in a case."),
    )
    ACTION_OVERDUE = (
        "action_overdue",
        _("An action agreed in a monthly evaluation has not been checked in time."),
    )
    ADVICE_ASKED = "advice_asked", _("A partner asked the Veiligheidshuis for advice.")
    ADVICE_ANSWERED = "advice_answered", _("Your advice question was answered.")
    ADVICE_OVERDUE = "advice_overdue", _("An advice question has not been answered in time.")
    HANDOVER_OFFERED = "handover_offered", _("A signal was handed over to your organisation.")
    HANDOVER_DECLINED = "handover_declined", _("A partner declined a signal handed over to it.")
    HANDOVER_DONE = "handover_done", _("A partner reported the result of a hand-over.")
    HANDOVER_OVERDUE = (
        "handover_overdue",
        _("A hand-over was not accepted in time and is back with the Veiligheidshuis."),
    )


class Delivery(models.TextChoices):
    """How a user wants to hear of notifications beside the list in Schakel."""

    IMMEDIATELY = "immediately", _("An e-mail for each notification")
    DIGEST = "digest", _("One e-mail a day with the count per kind")
    NONE = "none", _("No e-mail, only in Schakel")
