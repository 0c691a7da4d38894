"""The monthly report of a target-group list (HTML and PDF): aggregates only, no personal data.

It is built from `metrics` — counts, shares and curves — so that no name, BSN or date of birth
can reach it; a test checks that.
"""

from __future__ import annotations

import datetime
import io
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


def render_pdf(report: MonthlyReport, *, compress: bool = True) -> bytes:
    """The report as PDF (reportlab), with the charts as PNG images."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=_("Monthly report %(list)s %(month)s")
        % {"list": report.list_name, "month": report.month_label},
        author="Schakel",
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=1.8 * cm,
        bottomMargin=1.8 * cm,
        pageCompression=1 if compress else 0,
    )
    table_style = TableStyle(
        [
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6ecf2")),
            ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#b0b8c1")),
            ("FONTSIZE", (0, 0), (-1, -1), 8),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
    )

    def table(rows):
        t = Table(rows, hAlign="LEFT")
        t.setStyle(table_style)
        return t

    def image(png: bytes, width_cm: float = 16):
        img = Image(io.BytesIO(png))
        ratio = img.imageHeight / img.imageWidth
        img.drawWidth = width_cm * cm
        img.drawHeight = width_cm * cm * ratio
        return img

    story = [
        Paragraph(
            _("Monthly report %(list)s — %(month)s")
            % {"list": report.list_name, "month": report.month_label},
            styles["Title"],
        ),
        Paragraph(
            _(
                "Rule: %(rule)s. Period %(start)s to %(end)s. Aggregate figures only; no personal data."
            )
            % {
                "rule": report.rule_name,
                "start": report.start.isoformat(),
                "end": report.end.isoformat(),
            },
            styles["Normal"],
        ),
        Spacer(1, 0.4 * cm),
        Paragraph(_("List size and flow"), styles["Heading2"]),
        table(
            [
                [
                    _("On the list at the start"),
                    _("Inflow"),
                    _("Outflow"),
                    _("Not included"),
                    _("On the list at the end"),
                    _("Coordinators"),
                ],  # fmt: skip
                [
                    report.flow["size_start"],
                    report.flow["inflow"],
                    report.flow["outflow"],
                    report.flow["not_included"],
                    report.flow["size_end"],
                    report.flow["coordinators"],
                ],
            ]
        ),
        image(charts.size_png(*_size_args(report))),
        Paragraph(_("Bottlenecks"), styles["Heading2"]),
        table(
            [[_("Kind"), _("Open"), _("Solved"), _("Cannot be solved"), _("New"), _("Closed")]]
            + [
                [r["label"], r["open"], r["solved"], r["not_solvable"], r["new"], r["closed"]]
                for r in report.bottlenecks["rows"]
            ]
        ),
        Paragraph(_("Interventions"), styles["Heading2"]),
        table(
            [
                [_("Total"), _("Done"), _("Open"), _("Overdue"), _("Cancelled"), _("Share done")],
                [
                    report.interventions["total"],
                    report.interventions["done"],
                    report.interventions["open"],
                    report.interventions["overdue"],
                    report.interventions["cancelled"],
                    metrics.percent(report.interventions["completion"]),
                ],
            ]
        ),
    ]
    if report.trends["rows"]:
        story += [
            Paragraph(
                _("Life domains (%(instrument)s)") % {"instrument": report.trends["instrument"]},
                styles["Heading2"],
            ),
            image(charts.domains_png(*_domain_args(report)), 14),
        ]
    story += [
        Paragraph(_("Recidivism (descriptive, not causal)"), styles["Heading2"]),
        Paragraph(
            _(
                "Time to the first new offence after inclusion, for persons on the list and for "
                "persons who met the criteria but were not included. The groups differ in more "
                "than the approach; a difference does not show an effect."
            ),
            styles["Normal"],
        ),
        image(
            charts.survival_png(report.recidivism["cohorts"], HORIZON_DAYS, **_survival_labels())
        ),
        table(
            [
                [_("Group"), _("Persons"), _("New offence within 6 months"), _("within 12 months")]
                + [_("At risk day %(d)s") % {"d": d} for d in report.recidivism["at_risk_days"]]
            ]  # fmt: skip
            + [
                [
                    r["label"],
                    r["n"],
                    metrics.percent(r["share_6m"]),
                    metrics.percent(r["share_12m"]),
                ]
                + r["at_risk"]
                for r in report.recidivism_rows
            ]
        ),
        Spacer(1, 0.3 * cm),
        Paragraph(
            _("Generated %(when)s by Schakel.")
            % {"when": timezone.localtime(report.generated_at).strftime("%Y-%m-%d %H:%M")},
            styles["Italic"],
        ),
    ]
    document.build(story)
    return buffer.getvalue()
