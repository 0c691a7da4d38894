"""Filters of the cases API (django-filter): a wrong value is a 400 problem naming the filter."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .models import Case
from .workflow import CaseStatus


class CaseFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=CaseStatus.choices, help_text=_("Case status."))
    level = django_filters.NumberFilter(
        field_name="level__number", help_text=_("Escalation level (1 to 4).")
    )

    class Meta:
        model = Case
        fields = ["status", "level"]
