"""Notify users, mark notifications read, set the e-mail preference; the periodic run
(reminders, daily digests, mail retries) that the worker starts every few minutes.

`notify(...)` is what other apps call, inside their own action's transaction: the notification
and its outbox mail are written with the action, and the mail is sent by the worker after the
commit (`mail.py`). So a mail failure never undoes the action, and a rolled-back action sends
nothing.
"""

import datetime
import logging
from collections.abc import Iterable
from contextvars import ContextVar

from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from schakel.organisations.models import Organisation, Role, User

from . import mail, reminders
from .kinds import Delivery, NotificationKind
from .models import MailPreference, Notification, OutgoingMail

logger = logging.getLogger("schakel.notifications")


# Within one reminder run the same organisations' users are asked for every item: read once.
_users_of_run: ContextVar[dict | None] = ContextVar("users_of_run", default=None)


def users_of(organisation: Organisation | int | None, *roles: str) -> list[User]:
    """The active users of an organisation, with one of `roles` if given."""
    if organisation is None:
        return []
    organisation_id = getattr(organisation, "pk", organisation)
    remembered = _users_of_run.get()
    key = (organisation_id, frozenset(roles))
    if remembered is not None and key in remembered:
        return remembered[key]
    users = User.objects.filter(organisation_id=organisation_id, is_active=True)
    if roles:
        users = users.filter(role__in=roles)
    users = list(users)
    if remembered is not None:
        remembered[key] = users
    return users


def safety_house_directors(organisation: Organisation | int | None) -> list[User]:
    """The Veiligheidshuis: its process directors, who are told when work is overdue."""
    return users_of(organisation, Role.PROCESS_DIRECTOR)


def delivery_of(users: Iterable[User]) -> dict[int, str]:
    ids = [user.pk for user in users]
    chosen = dict(MailPreference.objects.filter(user_id__in=ids).values_list("user_id", "delivery"))
    return {pk: chosen.get(pk, Delivery.IMMEDIATELY) for pk in ids}


def notify(
    recipients: Iterable[User],
    *,
    kind: str,
    link: str,
    due: datetime.date | None = None,
    key: str = "",
    mail_each: bool = True,
    already: Iterable[int] | None = None,
) -> list[Notification]:
    """Tell each recipient (once, active users only) that work of `kind` waits at `link`.

    With a `key` (a reminder: the item and the moment) a recipient who already has a
    notification with that key gets none. Those who want e-mail at once get an outbox mail,
    sent by the worker after the commit; those who want a digest get it in the next one.
    """
    kind = NotificationKind(kind)
    unique = {user.pk: user for user in recipients if user is not None and user.is_active}
    if key and unique:
        if already is None:  # the recipients who had this one (a caller may have read them)
            already = Notification.objects.filter(recipient_id__in=unique, key=key).values_list(
                "recipient_id", flat=True
            )
        for pk in already:
            unique.pop(pk, None)
    if not unique:
        return []
    with translation.override(mail.MAIL_LANGUAGE):
        text = str(kind.label)
    deliveries = delivery_of(unique.values())
    created = []
    for user in unique.values():
        try:
            with transaction.atomic():  # a savepoint: a racing reminder run loses only this row
                notification = Notification.objects.create(
                    recipient=user,
                    kind=kind,
                    text=text[:200],
                    link=link,
                    due=due,
                    key=key,
                    delivery=deliveries[user.pk],
                )
                if mail_each and notification.delivery == Delivery.IMMEDIATELY and user.email:
                    _mail([notification], key=f"notification:{notification.pk}")
        except IntegrityError:
            continue
        created.append(notification)
    return created


def _mail(notifications: list[Notification], *, key: str, recipient=None, compose=None):
    """One outbox mail about `notifications` (all of one recipient), sent after the commit.
    `compose(notifications) -> (subject, body)`; by default one notification's own mail, or the
    count per kind of several."""
    if compose is None:
        compose = mail.reminders_mail if len(notifications) > 1 else mail.single_mail
    subject, body = compose(notifications)
    outgoing = OutgoingMail.objects.create(
        recipient=recipient or notifications[0].recipient,
        key=key,
        subject=subject,
        body=body,
        next_attempt_at=timezone.now(),
    )
    Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(mail=outgoing)
    for notification in notifications:
        notification.mail = outgoing
    mail.queue(outgoing)
    return outgoing


def mark_read(notification: Notification, *, by) -> Notification:
    if notification.recipient_id != by.pk:
        raise Notification.DoesNotExist  # never another's; callers start from visible_to
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(*, by) -> int:
    return Notification.objects.visible_to(by).unread().update(read_at=timezone.now())


def set_delivery(user: User, delivery: str) -> MailPreference:
    preference, _created = MailPreference.objects.update_or_create(
        user=user, defaults={"delivery": Delivery(delivery)}
    )
    return preference


def send_reminders(today: datetime.date | None = None) -> int:
    """Notify about every reminder that is due today; what was sent before is not sent again."""
    today = today or timezone.localdate()
    token = _users_of_run.set({})
    try:
        due = list(reminders.due_reminders(today))
    finally:
        _users_of_run.reset(token)
    # Who had which reminder, read once: an item that stays overdue costs nothing next run.
    sent: dict[str, set[int]] = {}
    for key, recipient_id in Notification.objects.filter(
        key__in=[reminder.key for reminder in due]
    ).values_list("key", "recipient_id"):
        sent.setdefault(key, set()).add(recipient_id)
    created: list[Notification] = []
    for reminder in due:
        already = sent.get(reminder.key, set())
        recipients = [u for u in reminder.recipients if u is not None and u.pk not in already]
        if not recipients:
            continue
        with transaction.atomic():
            created += notify(
                recipients,
                kind=reminder.kind,
                link=reminder.link,
                due=reminder.due,
                key=reminder.key,
                mail_each=False,
                already=already,
            )
    # Those who want mail at once get one mail per run, however many reminders it made.
    by_recipient: dict[int, list[Notification]] = {}
    for notification in created:
        if notification.delivery == Delivery.IMMEDIATELY and notification.recipient.email:
            by_recipient.setdefault(notification.recipient_id, []).append(notification)
    for user_id, notifications in by_recipient.items():
        with transaction.atomic():
            _mail(notifications, key=f"reminders:{user_id}:{notifications[0].pk}")
    return len(created)


def send_digests(now: datetime.datetime | None = None) -> int:
    """One mail a day per user who chose the digest, with the count per kind of what is new."""
    from django.conf import settings

    now = now or timezone.now()
    local = timezone.localtime(now)
    if local.hour < settings.SCHAKEL_DIGEST_HOUR:
        return 0
    waiting = Notification.objects.filter(
        delivery=Delivery.DIGEST, mail__isnull=True, created_at__lte=now
    )
    sent = 0
    users = User.objects.in_bulk(set(waiting.values_list("recipient_id", flat=True)))
    for user_id, user in users.items():
        if not user.email or not user.is_active:
            continue
        key = f"digest:{user_id}:{local.date().isoformat()}"
        with transaction.atomic():
            if OutgoingMail.objects.filter(key=key).exists():
                continue  # today's digest went; what came after waits for tomorrow's
            items = list(waiting.filter(recipient_id=user_id))
            _mail(items, key=key, recipient=user, compose=mail.digest_mail)
            sent += 1
    return sent


def run_periodic() -> dict:
    """What the worker runs every SCHAKEL_REMINDER_INTERVAL_SECONDS (and `send_reminders`)."""
    return {
        "reminders": send_reminders(),
        "digests": send_digests(),
        "mail_retried": mail.retry_due_mail(),
    }


def mail_to_address(address: str, *, key: str, subject: str, body: str) -> OutgoingMail | None:
    """A mail to someone who is no user (a resident who left an e-mail address with a report):
    written to the outbox inside the caller's transaction, sent by the worker after the commit,
    retried like every mail; the address is blanked once it is sent. Once per `key`."""
    if not address or OutgoingMail.objects.filter(key=key).exists():
        return None
    outgoing = OutgoingMail.objects.create(
        address=address, key=key, subject=subject[:200], body=body, next_attempt_at=timezone.now()
    )
    mail.queue(outgoing)
    return outgoing
