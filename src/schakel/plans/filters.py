"""Filters of the interventions API (django-filter)."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from schakel.web.filters import BooleanFilter

from .models import Intervention
from .workflow import OPEN_INTERVENTION_STATUSES


class InterventionFilter(django_filters.FilterSet):
    overdue = BooleanFilter(
        method="filter_overdue",
        help_text=_("true: only open interventions past their deadline; false: all others."),
    )

    class Meta:
        model = Intervention
        fields = ["status", "owner_organisation", "overdue"]

    @extend_schema_field(OpenApiTypes.BOOL)
    def filter_overdue(self, queryset, name, value):
        overdue = {"status__in": OPEN_INTERVENTION_STATUSES, "deadline__lt": timezone.localdate()}
        return queryset.filter(**overdue) if value else queryset.exclude(**overdue)
