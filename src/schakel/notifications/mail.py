"""The e-mail about notifications: written to the outbox with the action, sent by the worker.

Texts are Dutch (the recipients' language) and made from the notification's kind and link only:
no names, BSN, addresses or descriptions leave Schakel by e-mail. A failed send is retried with a
growing pause (at most an hour) until SCHAKEL_MAIL_MAX_ATTEMPTS; only a permanent refusal (the
server refuses the address) or that many failures give up, and that is logged.
"""

import datetime
import logging
import smtplib
from collections import Counter

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .kinds import NotificationKind
from .models import Notification, OutgoingMail

logger = logging.getLogger("schakel.notifications")

# While one worker sends a mail, no other takes it (a sweep may have queued it twice).
CLAIM = datetime.timedelta(minutes=10)
MAX_PAUSE_SECONDS = 3600
MAIL_LANGUAGE = "nl"  # the recipients' language, whatever the request's


def absolute(link: str) -> str:
    return settings.SCHAKEL_BASE_URL.rstrip("/") + link


def _footer() -> str:
    return _(
        "This message deliberately contains no personal data. Log in to Schakel to see what it"
        " is about.\nChoose whether and how often you receive these e-mails: %(url)s"
    ) % {"url": absolute(reverse("notifications:preferences"))}


def notification_mail(notification: Notification) -> tuple[str, str]:
    with translation.override(MAIL_LANGUAGE):
        subject = _("Schakel: %(text)s") % {"text": NotificationKind(notification.kind).label}
        lines = [str(NotificationKind(notification.kind).label), ""]
        if notification.due:
            lines.append(_("Due: %(date)s") % {"date": date_format(notification.due)})
        lines += [_("Open it in Schakel: %(url)s") % {"url": absolute(notification.link)}, ""]
        return subject[:200], "\n".join([*lines, _footer()])


def single_mail(notifications) -> tuple[str, str]:
    (notification,) = notifications
    return notification_mail(notification)


def digest_mail(notifications) -> tuple[str, str]:
    return summary_mail(notifications, _("Schakel: your notifications of the past day"))


def reminders_mail(notifications) -> tuple[str, str]:
    """Several reminders of one run in one mail (a Veiligheidshuis director may be told of dozens
    of overdue items at once)."""
    return summary_mail(notifications, _("Schakel: reminders about work that is due"))


def summary_mail(notifications, subject) -> tuple[str, str]:
    """The count per kind of `notifications` and a link to the list: nothing about whom."""
    counts = Counter(n.kind for n in notifications)
    with translation.override(MAIL_LANGUAGE):
        subject = str(subject)
        lines = [
            _("There are %(count)d new notifications for you in Schakel:")
            % {"count": sum(counts.values())},
            "",
        ]
        for kind, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
            lines.append(f"{count} × {NotificationKind(kind).label}")
        lines += [
            "",
            _("See them in Schakel: %(url)s") % {"url": absolute(reverse("notifications:list"))},
            "",
        ]
        return subject, "\n".join([*lines, _footer()])


def queue(mail: OutgoingMail) -> None:
    """Send `mail` through the worker once the surrounding transaction commits. A queue that
    cannot be written loses nothing: the mail stays pending and the next sweep queues it."""

    def enqueue() -> None:
        from .tasks import send_mail_task

        try:
            send_mail_task.enqueue(mail.pk)
        except Exception as error:  # noqa: BLE001 — the sweep tries again
            logger.warning("mail %s not queued: %s", mail.pk, type(error).__name__)

    transaction.on_commit(enqueue)


def _pause(attempts: int) -> datetime.timedelta:
    first = settings.SCHAKEL_MAIL_RETRY_SECONDS
    return datetime.timedelta(seconds=min(first * 2 ** (attempts - 1), MAX_PAUSE_SECONDS))


def send_outgoing(mail_id: int, now: datetime.datetime | None = None) -> str:
    """Send one mail from the outbox if it is due; give the outcome ('sent', 'retry', ...)."""
    now = now or timezone.now()
    claimed = OutgoingMail.objects.filter(
        pk=mail_id, state=OutgoingMail.State.PENDING, next_attempt_at__lte=now
    ).update(next_attempt_at=now + CLAIM)
    if not claimed:
        return "skipped"
    mail = OutgoingMail.objects.select_related("recipient").get(pk=mail_id)
    if mail.recipient is not None:
        address = mail.recipient.email if mail.recipient.is_active else ""
    else:
        address = mail.address  # a resident's, given with a report
    if not address:
        mail.state, mail.last_error = OutgoingMail.State.FAILED, "no address"
        mail.save(update_fields=["state", "last_error"])
        return "failed"
    try:
        send_mail(mail.subject, mail.body, settings.DEFAULT_FROM_EMAIL, [address])
    except (smtplib.SMTPException, OSError) as error:
        mail.attempts += 1
        mail.last_error = type(error).__name__[:200]
        permanent = isinstance(error, smtplib.SMTPRecipientsRefused)
        if permanent or mail.attempts >= settings.SCHAKEL_MAIL_MAX_ATTEMPTS:
            mail.state = OutgoingMail.State.FAILED
            mail.address = ""  # given up: a resident's address is of no further use
            logger.error("mail %s given up after %s attempts", mail.pk, mail.attempts)
        else:
            mail.next_attempt_at = now + _pause(mail.attempts)
            logger.warning("mail %s not sent (%s), retried later", mail.pk, mail.last_error)
        mail.save(update_fields=["attempts", "last_error", "state", "next_attempt_at", "address"])
        return "failed" if mail.state == OutgoingMail.State.FAILED else "retry"
    mail.attempts += 1
    mail.state, mail.sent_at = OutgoingMail.State.SENT, timezone.now()
    mail.address = ""  # a resident's address is kept only until the mail is delivered
    mail.save(update_fields=["attempts", "state", "sent_at", "address"])
    return "sent"


def retry_due_mail(now: datetime.datetime | None = None) -> int:
    """Queue every pending mail whose time has come (a retry, or one never queued)."""
    now = now or timezone.now()
    due = list(
        OutgoingMail.objects.filter(
            state=OutgoingMail.State.PENDING, next_attempt_at__lte=now
        ).values_list("pk", flat=True)
    )
    from .tasks import send_mail_task

    for pk in due:
        send_mail_task.enqueue(pk)
    return len(due)
