"""The subjects cases are about: persons, addresses (premises), businesses and areas."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from schakel.lib.plausible import validate_date_of_birth

from .querysets import BusinessQuerySet, PersonQuerySet, SubjectQuerySet
from .validators import normalise_postcode, validate_bsn, validate_kvk, validate_postcode


class Area(models.Model):
    """A neighbourhood, district or street; CBS wijk/buurt code where one exists."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "gemeente", _("Municipality")
        DISTRICT = "wijk", _("District")
        NEIGHBOURHOOD = "buurt", _("Neighbourhood")
        STREET = "straat", _("Street")
        OTHER = "overig", _("Other area")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.DISTRICT)
    cbs_code = models.CharField(_("CBS code"), max_length=16, blank=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("part of"), null=True, blank=True, on_delete=models.PROTECT
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")

    def __str__(self) -> str:
        return self.name


class Address(models.Model):
    """An address or premises, identified BAG-style by postcode + house number + addition."""

    postcode = models.CharField(_("postcode"), max_length=7, validators=[validate_postcode])
    house_number = models.PositiveIntegerField(_("house number"))
    house_number_addition = models.CharField(_("addition"), max_length=10, blank=True)
    street = models.CharField(_("street"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    area = models.ForeignKey(
        Area, verbose_name=_("area"), null=True, blank=True, on_delete=models.SET_NULL
    )
    # Where the premises lie (BAG verblijfsobject, RD New): a report at the address is routed to
    # the smallest area whose outline holds it, not only to the administrative `area`.
    x = models.FloatField(_("x (RD New)"), null=True, blank=True)
    y = models.FloatField(_("y (RD New)"), null=True, blank=True)

    objects = SubjectQuerySet.as_manager()

    class Meta:
        ordering = ["street", "house_number", "house_number_addition"]
        verbose_name = _("address")
        verbose_name_plural = _("addresses")
        constraints = [
            models.UniqueConstraint(
                fields=["postcode", "house_number", "house_number_addition"],
                name="unique_bag_address",
            ),
            models.CheckConstraint(
                condition=models.Q(x__isnull=True, y__isnull=True)
                | models.Q(x__isnull=False, y__isnull=False),
                name="address_location_whole",
            ),
        ]

    def __str__(self) -> str:
        number = f"{self.house_number}{self.house_number_addition}"
        return f"{self.street} {number}, {self.postcode} {self.city}".strip()

    def save(self, *args, **kwargs):
        self.postcode = normalise_postcode(self.postcode)
        self.house_number_addition = self.house_number_addition.strip().upper()
        super().save(*args, **kwargs)


class Person(models.Model):
    bsn = models.CharField(
        _("BSN"), max_length=9, blank=True, validators=[validate_bsn], db_index=True
    )
    given_names = models.CharField(_("given names"), max_length=200)
    surname_prefix = models.CharField(_("surname prefix"), max_length=20, blank=True)
    surname = models.CharField(_("surname"), max_length=200)
    date_of_birth = models.DateField(
        _("date of birth"), null=True, blank=True, validators=[validate_date_of_birth]
    )
    address = models.ForeignKey(
        Address,
        verbose_name=_("address"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="residents",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["surname", "given_names"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        constraints = [
            models.UniqueConstraint(
                fields=["bsn"], condition=~models.Q(bsn=""), name="unique_person_bsn"
            )
        ]
        # The person search (API `_zoek`) matches the surname exactly, ignoring case: without
        # this index it read every person (4 s at 300,000 persons, docs/benchmarks.md).
        indexes = [models.Index(Upper("surname"), name="person_surname_upper_idx")]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given_names, self.surname_prefix, self.surname) if p)


class Business(models.Model):
    """A business (KvK): named in a case or signal, or registered as an owner of premises."""

    class LegalForm(models.TextChoices):
        # The forms of the Handelsregister; "overig" for the rare rest (kerkgenootschap, …).
        SOLE_PROPRIETORSHIP = "eenmanszaak", _("Sole proprietorship (eenmanszaak)")
        GENERAL_PARTNERSHIP = "vof", _("General partnership (vof)")
        PRIVATE_COMPANY = "bv", _("Private limited company (bv)")
        PUBLIC_COMPANY = "nv", _("Public limited company (nv)")
        FOUNDATION = "stichting", _("Foundation (stichting)")
        ASSOCIATION = "vereniging", _("Association (vereniging)")
        COOPERATIVE = "cooperatie", _("Cooperative (coöperatie)")
        PROFESSIONAL_PARTNERSHIP = "maatschap", _("Partnership (maatschap)")
        LIMITED_PARTNERSHIP = "cv", _("Limited partnership (cv)")
        OTHER = "overig", _("Other legal form")

    name = models.CharField(_("name"), max_length=200)
    kvk_number = models.CharField(
        _("KvK number"), max_length=8, blank=True, validators=[validate_kvk], db_index=True
    )
    legal_form = models.CharField(
        _("legal form"), max_length=16, choices=LegalForm.choices, blank=True
    )
    address = models.ForeignKey(
        Address,
        verbose_name=_("address"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="businesses",
    )
    # Set when the business is registered in the owner register (`register_business`): from
    # then on, those who keep that register see it (`BusinessQuerySet.visible_to`).
    registered_at = models.DateTimeField(_("in the owner register since"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = BusinessQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("business")
        verbose_name_plural = _("businesses")

    def __str__(self) -> str:
        return self.name


class ReportedSubject(models.Model):
    """Who a partner said a signal or case is about, exactly as they typed it.

    The statement stays the reporter's: it is shown back to them as typed and never replaced by
    what the registry holds. Whether it is a person Schakel already knows is decided at the
    Veiligheidshuis (`decision`), by someone allowed to see that person; only then does a
    `Person` join the signal or case. The typed address may point at a found-or-created
    `Address` at once (an address record is never changed by a report).
    """

    class Decision(models.TextChoices):
        PENDING = "pending", _("Not yet established")
        LINKED = "linked", _("Linked to a known person")
        NEW = "new", _("Registered as a new person")

    # What was typed: the person part (optional) …
    given_names = models.CharField(_("given names"), max_length=200, blank=True)
    surname_prefix = models.CharField(_("surname prefix"), max_length=20, blank=True)
    surname = models.CharField(_("surname"), max_length=200, blank=True)
    bsn = models.CharField(_("BSN"), max_length=9, blank=True, validators=[validate_bsn])
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    # … and the address part (optional)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    house_number = models.PositiveIntegerField(_("house number"), null=True, blank=True)
    house_number_addition = models.CharField(_("addition"), max_length=10, blank=True)
    street = models.CharField(_("street"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    # Who typed it, for which organisation, when
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reported by"), on_delete=models.PROTECT
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT
    )
    reported_at = models.DateTimeField(_("reported at"), default=timezone.now)
    # What the Veiligheidshuis decided
    address = models.ForeignKey(
        Address,
        verbose_name=_("address"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="statements",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="statements",
    )
    decision = models.CharField(
        _("decision"), max_length=16, choices=Decision.choices, default=Decision.PENDING
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
        ordering = ["reported_at", "pk"]
        verbose_name = _("reported subject")
        verbose_name_plural = _("reported subjects")

    def __str__(self) -> str:
        return self.typed_name or self.typed_address

    @property
    def has_person(self) -> bool:
        return bool(self.surname or self.given_names or self.bsn or self.date_of_birth)

    @property
    def typed_name(self) -> str:
        return " ".join(p for p in (self.given_names, self.surname_prefix, self.surname) if p)

    @property
    def typed_address(self) -> str:
        if not self.postcode:
            return ""
        number = f"{self.house_number or ''}{self.house_number_addition}"
        return " ".join(p for p in (self.street, number + ",", self.postcode, self.city) if p)

    @property
    def masked_bsn(self) -> str:
        """The typed BSN shown back to the reporter: enough to recognise it, not to copy it."""
        return f"•••••{self.bsn[-4:]}" if self.bsn else ""

    @property
    def is_pending(self) -> bool:
        return self.decision == self.Decision.PENDING
