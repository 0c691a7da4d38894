"""Notifications, each user's delivery preference, and the outbox of e-mail about them.

A notification says what kind of work waits for its recipient and links to it; it carries no
personal data (see `kinds.py`). E-mail is written to the outbox (`OutgoingMail`) in the same
transaction as the action that caused it and sent afterwards by the background worker, with
retries: an SMTP server that is down never loses the action, nor the mail.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .kinds import Delivery, NotificationKind
from .querysets import NotificationQuerySet


class OutgoingMail(models.Model):
    """One e-mail to one user, sent (and retried) by the worker (`mail.send_outgoing`)."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Given up")

    # A user of Schakel; or, for a resident who left an e-mail address with a report (issue 13),
    # no user but the `address`, which is blanked once the mail is sent.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    address = models.EmailField(blank=True)
    # Unique: the same mail (one notification's, or one user's digest of one day) is never
    # written twice, also when two workers race.
    key = models.CharField(max_length=120, unique=True)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    state = models.CharField(max_length=8, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    last_error = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="mail_state_next")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(recipient__isnull=False)
                | ~models.Q(address="")
                | models.Q(state__in=["sent", "failed"]),
                name="mail_has_recipient_or_address",
            )
        ]

    def __str__(self) -> str:
        return self.key


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=40, choices=NotificationKind.choices)
    text = models.CharField(_("text"), max_length=200)
    link = models.CharField(_("link"), max_length=300)
    due = models.DateField(_("due"), null=True, blank=True)
    # A reminder's identity (item and moment): the same reminder is never sent twice.
    key = models.CharField(max_length=120, blank=True)
    delivery = models.CharField(max_length=12, choices=Delivery.choices)
    mail = models.ForeignKey(
        OutgoingMail, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            # The header's unread counter on every page.
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"],
                condition=~models.Q(key=""),
                name="unique_reminder_per_recipient",
            )
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class MailPreference(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mail_preference"
    )
    delivery = models.CharField(
        _("e-mail"), max_length=12, choices=Delivery.choices, default=Delivery.IMMEDIATELY
    )

    class Meta:
        verbose_name = _("e-mail preference")
        verbose_name_plural = _("e-mail preferences")

    def __str__(self) -> str:
        return f"{self.user_id} {self.delivery}"
