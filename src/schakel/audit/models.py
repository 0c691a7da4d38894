"""The audit log: append-only, hash-chained entries with the NEN 7513 fields.

Entries are refused an update or delete by the model and queryset here, and on PostgreSQL also
by a database trigger (see migration 0002). `audit.chain.verify_chain` detects any tampering.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AuditAction(models.TextChoices):
    VIEW = "view", _("View")
    LIST = "list", pgettext_lazy("audit action", "List")
    SEARCH = "search", _("Search")
    CREATE = "create", _("Create")
    CHANGE = "change", _("Change")
    DELETE = "delete", _("Delete")
    EXPORT = "export", _("Export")
    PRINT = "print", _("Print")
    LOGIN = "login", _("Log in")
    LOGIN_FAILED = "login_failed", _("Failed log-in")
    LOGOUT = "logout", _("Log out")


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValidationError(_("Audit entries cannot be changed."))

    def delete(self):
        raise ValidationError(_("Audit entries cannot be deleted."))


class AuditEntry(models.Model):
    # when, who, on behalf of which organisation
    timestamp = models.DateTimeField(_("when"), db_index=True)
    user_id_ref = models.BigIntegerField(_("user id"), null=True, db_index=True)
    username = models.CharField(_("who"), max_length=150)
    organisation_name = models.CharField(_("on behalf of"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=32, blank=True)
    # which action, on what, about which person
    action = models.CharField(_("action"), max_length=16, choices=AuditAction.choices)
    object_type = models.CharField(_("object type"), max_length=50, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    person_id_ref = models.BigIntegerField(_("person id"), null=True, db_index=True)
    # why
    purpose = models.CharField(_("purpose"), max_length=200)
    detail = models.CharField(_("detail"), max_length=500, blank=True)
    # chain
    previous_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.timestamp:%Y-%m-%d %H:%M} {self.username} {self.action}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(_("Audit entries cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Audit entries cannot be deleted."))

    @property
    def role_label(self) -> str:
        """The role's name as the UI shows it (the stored code stays as it was at the time)."""
        from schakel.organisations.models import Role

        return Role(self.role).label if self.role in Role.values else self.role
