"""The audit log: append-only, hash-chained entries with the NEN 7513 fields.

Entries are refused an update or delete by the model and queryset here, and on PostgreSQL also
by database triggers on PostgreSQL and SQLite (migrations 0002 and 0005; since 0013 a DELETE is
allowed only at or below a signed `AuditAnchor`, for retention, see `audit.truncation`). `audit.chain` keys the
chain and `audit.checkpoints` signs its head outside the database; `verify_stored_chain` uses both.
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
    DOWNLOAD = "download", _("Download")
    LOGIN = "login", _("Log in")
    LOGIN_FAILED = "login_failed", _("Failed log-in")
    LOGOUT = "logout", _("Log out")
    LOCKOUT = "lockout", _("Log-in locked")


class Purpose(models.TextChoices):
    """Why personal data was processed: each purpose in the log is named here, once.

    Purpose limitation (AVG art. 5(1)(b)) asks that every use of personal data serves a purpose
    that was named beforehand. The stored value is the Dutch name the log has always held, and
    it never changes: entries are hash-chained over it. A new purpose is a new member; one that
    is no longer used stays, because old entries still carry it.
    """

    # Cases and signals
    CASE_HANDLING = "casusbehandeling", pgettext_lazy("audit purpose", "case handling")
    CASE_DIRECTION = "casusregie", pgettext_lazy("audit purpose", "case direction")
    CASE_OPENING = "casus openen", pgettext_lazy("audit purpose", "opening a case")
    SIGNAL_REPORTING = "melding signaal", pgettext_lazy("audit purpose", "reporting a signal")
    SIGNAL_REGISTRATION = (
        "registratie signaal",
        pgettext_lazy("audit purpose", "registering a signal"),
    )
    TRIAGE = (
        "triage en casusbehandeling",
        pgettext_lazy("audit purpose", "triage and case handling"),
    )
    SUBJECT_MATCHING = (
        "vaststellen betrokkene",
        pgettext_lazy("audit purpose", "establishing who a report is about"),
    )
    PERSON_SEARCH = "zoeken persoon", pgettext_lazy("audit purpose", "searching for a person")
    CASE_CONFERENCE = "casusoverleg", pgettext_lazy("audit purpose", "case conference")
    # Linking records of the same person
    LINKAGE = (
        "koppelen van persoonsgegevens",
        pgettext_lazy("audit purpose", "linking personal data"),
    )
    ALREADY_KNOWN = (
        "vraag: al bekend in een casus?",
        pgettext_lazy("audit purpose", "question: already known in a case?"),
    )
    # The area-based approach
    AREA_ANALYSIS = "gebiedsgerichte analyse", pgettext_lazy("audit purpose", "area-based analysis")
    AREA_APPROACH = "gebiedsaanpak", pgettext_lazy("audit purpose", "area approach")
    AREA_QUICK_SCAN = (
        "gebiedsaanpak quickscan",
        pgettext_lazy("audit purpose", "area approach: quick scan"),
    )
    AREA_OWNERS = "gebiedsaanpak eigenaren", pgettext_lazy("audit purpose", "area approach: owners")
    JOINT_INSPECTION = "integrale controle", pgettext_lazy("audit purpose", "joint inspection")
    CHRONICLE = "kroniek", pgettext_lazy("audit purpose", "chronicle")
    RESIDENT_REPORT = "melding bewoner", pgettext_lazy("audit purpose", "resident's report")
    # The person-oriented approach
    PERSON_ORIENTED_APPROACH = (
        "persoonsgerichte aanpak",
        pgettext_lazy("audit purpose", "person-oriented approach"),
    )
    TARGET_LIST_SELECTION_COMMAND = (
        "selectie doelgroeplijst (commando)",
        pgettext_lazy("audit purpose", "target list selection (command)"),
    )
    REGISTRATION_IMPORT = (
        "import justitiële registraties",
        pgettext_lazy("audit purpose", "import of justice registrations"),
    )
    # Logging in, and the oversight of the log itself
    AUTHENTICATION = "authenticatie", pgettext_lazy("audit purpose", "authentication")
    OVERSIGHT = (
        "toezicht op de verwerking",
        pgettext_lazy("audit purpose", "oversight of the processing"),
    )
    ACCESS_REQUEST = (
        "inzageverzoek betrokkene",
        pgettext_lazy("audit purpose", "data subject's access request"),
    )
    RETENTION = (
        "vernietiging na bewaartermijn",
        pgettext_lazy("audit purpose", "destruction after the retention period"),
    )
    CORRECTION = (
        "correctie persoonsgegevens",
        pgettext_lazy("audit purpose", "correction of personal data"),
    )
    # Operating the installation
    ADMINISTRATION = (
        "beheer gebruikers en rechten",
        pgettext_lazy("audit purpose", "administration of users and rights"),
    )
    DEMO_REMOVAL = (
        "verwijderen demogegevens",
        pgettext_lazy("audit purpose", "removing the fictional demo data"),
    )


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValidationError(_("Audit entries cannot be changed."))

    def delete(self):
        raise ValidationError(_("Audit entries cannot be deleted."))


class AppendOnlyModel(models.Model):
    """A row that is written once: saving it again or deleting it is refused (the database
    triggers refuse the same below the ORM)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(_("Audit entries cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Audit entries cannot be deleted."))


class AuditEntry(AppendOnlyModel):
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
    purpose = models.CharField(_("purpose"), max_length=200, choices=Purpose.choices)
    detail = models.CharField(_("detail"), max_length=500, blank=True)
    # from where: the client's address (behind trusted proxies) and a keyed hash of the session
    # key or a token's prefix (audit/context.py); empty outside a request and in older entries
    client_address = models.CharField(_("client address"), max_length=45, blank=True, default="")
    session_ref = models.CharField(_("session"), max_length=64, blank=True, default="")
    # chain
    previous_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)
    # 1: SHA-256 (entries from before the keyed chain), 2: HMAC-SHA256 with the audit key,
    # 3: as 2, also over client_address and session_ref (audit/chain.py).
    # `record()` always writes the current scheme; the default is what older rows were.
    hash_version = models.PositiveSmallIntegerField(default=1)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.timestamp:%Y-%m-%d %H:%M} {self.username} {self.action}"


class PendingAuditEntry(AppendOnlyModel):
    """A read of personal data recorded but not yet in the chain (PostgreSQL only).

    A page that shows persons writes its entries here, without waiting for the chain's lock, and
    `audit.services.chain_pending` moves them into the chain in id order: right after the
    request (if nobody else holds the lock; then the holder or the next one does), before every
    chained write, every few seconds in the worker, and before verification. A row is never
    changed (refused by the model and a database trigger); it is removed only in the transaction
    that chains it. The fields are those of `AuditEntry` without the chain.
    """

    timestamp = models.DateTimeField()
    user_id_ref = models.BigIntegerField(null=True)
    username = models.CharField(max_length=150)
    organisation_name = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=32, blank=True)
    action = models.CharField(max_length=16, choices=AuditAction.choices)
    object_type = models.CharField(max_length=50, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    person_id_ref = models.BigIntegerField(null=True)
    purpose = models.CharField(max_length=200, choices=Purpose.choices)
    detail = models.CharField(max_length=500, blank=True)
    client_address = models.CharField(max_length=45, blank=True, default="")
    session_ref = models.CharField(max_length=64, blank=True, default="")
    # A keyed hash (the audit key) over the fields, checked when the row is chained: a row
    # written straight into the table by someone without the key is refused, not chained.
    mac = models.CharField(max_length=64, blank=True, default="")

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.timestamp:%Y-%m-%d %H:%M} {self.username} {self.action} (unchained)"


class AuditAnchor(AppendOnlyModel):
    """Where the audit chain starts after its oldest entries were removed (retention).

    The hash and id of the last removed entry, signed with the audit key (`audit.truncation`):
    verification continues from this hash instead of the genesis hash, and the database triggers
    allow a DELETE of entries only at or below the newest anchor. Without the key an anchor
    cannot be forged; removing one leaves the first entry's link broken.
    """

    created_at = models.DateTimeField()
    up_to_id = models.BigIntegerField()
    # The chain's head when the prefix was removed: checkpoints up to it counted removed entries.
    head_id = models.BigIntegerField()
    anchor_hash = models.CharField(max_length=64)
    removed = models.BigIntegerField()
    cutoff = models.DateTimeField()
    signature = models.CharField(max_length=64)

    class Meta:
        ordering = ["-up_to_id"]
        verbose_name = _("audit anchor")
        verbose_name_plural = _("audit anchors")
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"anchor {self.up_to_id}"
