"""Filters of the advice questions API (django-filter)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from schakel.web.filters import BooleanFilter

from .models import AdviceQuestion


class AdviceQuestionFilter(django_filters.FilterSet):
    answered = BooleanFilter(
        field_name="answered_at",
        lookup_expr="isnull",
        exclude=True,
        help_text=_("true: only answered questions; false: only open ones."),
    )

    class Meta:
        model = AdviceQuestion
        fields = ["answered"]
