"""Filters of the signals and hand-overs APIs (django-filter)."""

import django_filters

from .models import Handover, Signal


class SignalFilter(django_filters.FilterSet):
    class Meta:
        model = Signal
        fields = ["status", "urgency", "category"]


class HandoverFilter(django_filters.FilterSet):
    class Meta:
        model = Handover
        fields = ["state"]
