"""Create or reset a user's calendar feed address."""

import secrets

from django.db import transaction

from schakel.access import policy
from schakel.access.errors import require
from schakel.audit.models import AuditAction
from schakel.audit.services import record

from .models import CalendarFeed, token_digest


@transaction.atomic
def reset_feed_token(user) -> str:
    """A new secret for the user's feed; the old address stops working at once. The token is
    returned once, to show; only its digest is kept."""
    require(policy.works_on_cases(user), "Only case workers have a calendar feed.")
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(user=user, defaults={"token_sha256": token_digest(token)})
    record(
        user,
        AuditAction.CHANGE,
        object_type="agenda.calendarfeed",
        object_id=user.pk,
        detail="agenda-adres vernieuwd",
    )
    return token


def user_of_token(token: str):
    """The active case worker whose feed this is, or None."""
    feed = (
        CalendarFeed.objects.select_related("user", "user__organisation")
        .filter(token_sha256=token_digest(token))
        .first()
    )
    if feed is None or not policy.works_on_cases(feed.user):
        return None
    return feed.user
