"""The monthly report of a target-group list (HTML and PDF): aggregates only, no personal data.

It is built from `metrics` — counts, shares and curves — so that no name, BSN or date of birth
can reach it; a test checks that.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from . import charts, metrics
from .models import TargetList

HORIZON_DAYS = 730


@dataclass
class MonthlyReport:
    list_name: str
    rule_name: str
    start: datetime.date
    end: datetime.date
    flow: dict
    months: list[dict]
    bottlenecks: dict
    interventions: dict
    trends: dict
    recidivism: dict
    recidivism_rows: list[dict]
    actions: dict
    indicators: dict
    generated_at: datetime.datetime

    @property
    def month_label(self) -> str:
        return date_format(self.start, "YEAR_MONTH_FORMAT")


def build(target_list: TargetList, year: int, month: int) -> MonthlyReport:
    start, end = metrics.month_bounds(year, month)
    today = timezone.localdate()
    end = min(end, today)
    recidivism = metrics.recidivism(target_list, end)
    months = metrics.monthly_sizes(target_list, end, 12)
    this_month = {k: v for k, v in months[-1].items() if k != "month"}
    if months[-1]["month"] != start:  # a month that has not begun yet
        this_month = metrics.flow(target_list, start, end)
    parts = {
        "flow": this_month,
        "bottlenecks": metrics.bottlenecks(target_list, start, end),
        "interventions": metrics.interventions(target_list, end),
        "trends": metrics.domain_trends(target_list, end),
        "recidivism": recidivism,
        "actions": metrics.meeting_actions(target_list, end),
    }
    return MonthlyReport(
        list_name=target_list.name,
        rule_name=target_list.rule.name,
        start=start,
        end=end,
        months=months,
        recidivism_rows=metrics.recidivism_rows(recidivism),
        indicators=metrics.indicators(target_list, start, end, parts),
        generated_at=timezone.now(),
        **parts,
    )


def _size_args(report: MonthlyReport):
    return (
        [date_format(m["month"], "Y-m") for m in report.months],
        [m["size_end"] for m in report.months],
        [m["inflow"] for m in report.months],
        [m["outflow"] for m in report.months],
        (_("On the list"), _("Inflow"), _("Outflow")),
    )


def _domain_args(report: MonthlyReport):
    instrument = report.trends["instrument"]
    scale_max = instrument.scale_max if instrument else 5
    return (
        report.trends["rows"],
        scale_max,
        (_("Mean first score"), _("Mean latest score")),
    )


def _survival_labels():
    return {"xlabel": _("Days since inclusion"), "ylabel": _("Share without a new offence")}


def survival_chart(cohorts) -> str:
    """The Kaplan–Meier chart of the recidivism cohorts (SVG), on the page and in the report."""
    return charts.survival_svg(
        cohorts,
        HORIZON_DAYS,
        title=_("Time to the first new offence (Kaplan–Meier)"),
        **_survival_labels(),
    )


def svg_charts(report: MonthlyReport) -> dict[str, str]:
    result = {
        "size": charts.size_svg(*_size_args(report), title=_("List size, inflow and outflow")),
        "survival": survival_chart(report.recidivism["cohorts"]),
    }
    if report.trends["rows"]:
        result["domains"] = charts.domains_svg(
            *_domain_args(report), title=_("Mean score per life domain: first and latest")
        )
    return result


def render_pdf(report: MonthlyReport) -> bytes:
    """The report as a tagged PDF (PDF/UA-1): the page's own body template laid out for paper,
    with the same SVG charts (each named for screen readers, a table beside it)."""
    from schakel.web.pdf import render_pdf as render_template_pdf

    return render_template_pdf(
        "targets/report_print.html", {"report": report, "charts": svg_charts(report)}
    )
