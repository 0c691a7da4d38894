"""A partner's question to the Veiligheidshuis ("informeel en laagdrempelig", seed 002).

The question text carries a data category like every free text on a case. Persons named in it are
kept as the asker typed them (`registry.ReportedSubject`): never looked up in the registry, BSN
masked when shown. Turning the answered question into a signal hands the same statements to the
signal, where the Veiligheidshuis establishes who they are under the signal's rules.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from schakel.organisations.models import DataCategory

from .querysets import AdviceQuestionQuerySet


class AdviceQuestion(models.Model):
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    safety_house = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("Veiligheidshuis"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    question = models.TextField(_("question"))
    data_category = models.CharField(
        _("kind of information"),
        max_length=16,
        choices=DataCategory.choices,
        default=DataCategory.GENERAL,
    )
    reported_subjects = models.ManyToManyField(
        "registry.ReportedSubject", verbose_name=_("persons named"), blank=True, related_name="+"
    )
    asked_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    due = models.DateField(_("answer due"))
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    signal = models.OneToOneField(
        "intake.Signal",
        verbose_name=_("signal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="advice_question",
    )

    objects = AdviceQuestionQuerySet.as_manager()

    class Meta:
        ordering = ["-asked_at", "-id"]
        verbose_name = _("advice question")
        verbose_name_plural = _("advice questions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(answered_at__isnull=True) | ~models.Q(answer=""),
                name="advice_answered_has_answer",
            ),
        ]

    def __str__(self) -> str:
        return f"Adviesvraag {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.answered_at is None
