"""The area approach's card on the dashboard: a link for everyone who uses it, and the new
residents' reports for those who read them."""

from django import template

from schakel.access import policy

from ..models import HotspotPlan, ResidentReport

register = template.Library()


@register.inclusion_tag("areas/_dashboard_card.html", takes_context=True)
def area_dashboard_card(context):
    user = context["user"]
    data = {"user": user, "plan_count": HotspotPlan.objects.count()}
    if policy.may_read_resident_reports(user):
        data["new_reports"] = list(
            ResidentReport.objects.filter(status=ResidentReport.Status.NEW).select_related("area")[
                :10
            ]
        )
        data["new_report_count"] = ResidentReport.objects.filter(
            status=ResidentReport.Status.NEW
        ).count()
    return data


@register.filter
def small_number(value):
    """A public count: 1–4 shown as "fewer than 5" (issue 13), other counts as they are."""
    from django.utils.translation import gettext

    from ..selectors.public import is_small

    try:
        number = int(value)
    except (TypeError, ValueError):
        return value
    return gettext("fewer than 5") if is_small(number) else number
