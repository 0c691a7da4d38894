"""What the cases app tells partners through notifications (docs/notifications.md)."""

from django.urls import reverse

from schakel.notifications.kinds import NotificationKind
from schakel.notifications.services import notify
from schakel.organisations.models import Role, User

from . import signals
from .models import CaseParticipation

# The roles of a partner organisation that work on cases.
CASE_WORKERS = (Role.PROFESSIONAL, Role.COORDINATOR, Role.PROCESS_DIRECTOR)


def tell_partner_participation_ended(sender, participation: CaseParticipation, by, **kwargs):
    """The partner's case workers hear that their organisation no longer takes part. The link
    goes to their dashboard: the case itself is no longer theirs to open."""
    recipients = User.objects.filter(
        organisation=participation.organisation, role__in=CASE_WORKERS, is_active=True
    ).exclude(pk=getattr(by, "pk", None))
    notify(
        recipients,
        kind=NotificationKind.PARTICIPATION_ENDED,
        link=reverse("dashboard:home"),
        key=f"participation-ended:{participation.pk}",
    )


def connect() -> None:
    signals.participation_ended.connect(
        tell_partner_participation_ended,
        sender=CaseParticipation,
        dispatch_uid="cases.tell_partner_participation_ended",
    )
