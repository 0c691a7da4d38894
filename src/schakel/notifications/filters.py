"""Filters of the notifications API (django-filter)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from schakel.web.filters import BooleanFilter

from .models import Notification


class NotificationFilter(django_filters.FilterSet):
    unread = BooleanFilter(
        field_name="read_at",
        lookup_expr="isnull",
        help_text=_("true: only notifications not read yet."),
    )

    class Meta:
        model = Notification
        fields = ["unread", "kind"]
