"""The other Veiligheidshuizen (peers), the indexes fetched from them, the index this
installation publishes, and whether it has left the federation."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Peer(models.Model):
    """Another Schakel installation this one asks "already known?", kept by the functioneel
    beheerder. Of the token the peer presents to fetch our index only its SHA-256 is kept."""

    class Status(models.TextChoices):
        ACTIVE = "actief", _("active")
        WITHDRAWN = "teruggetrokken", _("withdrawn")

    name = models.CharField(_("name"), max_length=100, unique=True)
    base_url = models.URLField(
        _("base URL"), help_text=_("The address of its Schakel, e.g. https://schakel.vh-west.nl")
    )
    contact = models.CharField(
        _("contact"),
        max_length=200,
        help_text=_("Who a case worker contacts there: a desk, telephone number or address."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    fetch_token = models.CharField(
        _("token to fetch its index"),
        max_length=200,
        blank=True,
        help_text=_("The token this Veiligheidshuis gave us to fetch its index."),
    )
    token_sha256 = models.CharField(
        _("SHA-256 of its token for our index"), max_length=64, blank=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("peer Veiligheidshuis")
        verbose_name_plural = _("peer Veiligheidshuizen")

    def __str__(self) -> str:
        return self.name


class PeerIndex(models.Model):
    """The last index fetched from a peer: encodings only, with their epoch."""

    peer = models.OneToOneField(Peer, on_delete=models.CASCADE, related_name="index")
    epoch = models.CharField(max_length=50)
    key_fingerprint = models.CharField(max_length=32, blank=True)
    bits = models.PositiveIntegerField()
    entry_count = models.PositiveIntegerField()
    entries = models.TextField(help_text="Base64 encodings, one a line.")
    fetched_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.peer} ({self.epoch})"


class PublishedIndex(models.Model):
    """The index this installation offers its peers (`manage.py publish_federation_index`)."""

    epoch = models.CharField(max_length=50)
    bits = models.PositiveIntegerField()
    entry_count = models.PositiveIntegerField()
    entries = models.TextField()
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"index {self.epoch} ({self.entry_count})"


class Withdrawal(models.Model):
    """This installation left the federation: its index is gone and its endpoint answers 410."""

    withdrawn_at = models.DateTimeField()
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"withdrawn {self.withdrawn_at:%Y-%m-%d}"
