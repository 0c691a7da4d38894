"""Record linkage: runs, candidate pairs for clerical review, and links that group person records.

Linking never merges or deletes a person record. An accepted pair becomes a `PersonLink`; the
records joined by active links form one *identity* (a connected component), and the cases and
signals of every record in it are found through that identity. Undoing a decision ends the link
(`undone_at`), so the identity falls apart again and the history stays.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from schakel.organisations.models import Organisation

from .workflow import PairStatus


class LinkageRun(models.Model):
    class Mode(models.TextChoices):
        DEDUPE = "dedupe", _("Deduplicate the registry")
        LINK = "link", _("Link two extracts")
        ENCODED = "encoded", _("Link encoded extracts")

    mode = models.CharField(_("mode"), max_length=16, choices=Mode.choices, default=Mode.DEDUPE)
    # Empty for a run that an import from the command line started (it has no user).
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    lower_threshold = models.FloatField(
        _("review from"), help_text=_("Pairs from this probability on are queued for review.")
    )
    upper_threshold = models.FloatField(
        _("link from"), help_text=_("Pairs from this probability on are linked without review.")
    )
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    record_count = models.PositiveIntegerField(_("records"), default=0)
    pair_count = models.PositiveIntegerField(_("pairs found"), default=0)
    review_count = models.PositiveIntegerField(_("pairs queued for review"), default=0)
    linked_count = models.PositiveIntegerField(_("pairs linked without review"), default=0)
    seconds = models.FloatField(_("duration (s)"), default=0)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("linkage run")
        verbose_name_plural = _("linkage runs")

    def __str__(self) -> str:
        return f"{self.get_mode_display()} {self.started_at:%Y-%m-%d %H:%M}"


class CandidatePair(models.Model):
    """Two person records that may be one person, with the model's match probability."""

    Status = PairStatus  # the statuses and their steps: workflow.py

    run = models.ForeignKey(LinkageRun, on_delete=models.CASCADE, related_name="pairs")
    left = models.ForeignKey(
        "registry.Person", verbose_name=_("record A"), on_delete=models.CASCADE, related_name="+"
    )
    right = models.ForeignKey(
        "registry.Person", verbose_name=_("record B"), on_delete=models.CASCADE, related_name="+"
    )
    probability = models.FloatField(_("match probability"))
    # Why the model scored the pair so: per comparison the level and its match weight, as
    # `analytics.linkage` explains it (labels and numbers, no values); empty for older runs.
    reasons = models.JSONField(_("reasons"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["-probability", "pk"]
        verbose_name = _("candidate pair")
        verbose_name_plural = _("candidate pairs")
        constraints = [
            models.UniqueConstraint(fields=["run", "left", "right"], name="unique_pair_per_run"),
            models.CheckConstraint(
                condition=models.Q(left__lt=models.F("right")), name="pair_left_below_right"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.left_id} ~ {self.right_id} ({self.probability:.2f})"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING


class PersonLink(models.Model):
    """Two person records that belong to one person. Both records stay as they are."""

    left = models.ForeignKey(
        "registry.Person", on_delete=models.CASCADE, related_name="links_as_left"
    )
    right = models.ForeignKey(
        "registry.Person", on_delete=models.CASCADE, related_name="links_as_right"
    )
    pair = models.ForeignKey(
        CandidatePair, null=True, blank=True, on_delete=models.SET_NULL, related_name="links"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("person link")
        verbose_name_plural = _("person links")
        constraints = [
            models.UniqueConstraint(
                fields=["left", "right"],
                condition=models.Q(undone_at__isnull=True),
                name="unique_active_person_link",
            ),
            models.CheckConstraint(
                condition=models.Q(left__lt=models.F("right")), name="link_left_below_right"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.left_id} = {self.right_id}"


class EncodedPerson(models.Model):
    """A partner's keyed Bloom-filter encoding (CLK) of a person record, for "already known?"
    questions asked with an encoding. Schakel never holds the key."""

    person = models.ForeignKey(
        "registry.Person", on_delete=models.CASCADE, related_name="encodings"
    )
    clk = models.TextField(_("encoding (base64)"))
    key_label = models.CharField(
        _("key label"),
        max_length=100,
        help_text=_("Which agreed key made the encoding (a name, never the key itself)."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["person_id", "key_label"]
        verbose_name = _("encoded person")
        verbose_name_plural = _("encoded persons")
        constraints = [
            models.UniqueConstraint(fields=["person", "key_label"], name="unique_encoding_per_key")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} ({self.key_label})"
