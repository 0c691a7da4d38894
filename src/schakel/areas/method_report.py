"""The method and lessons report of a hot-spot plan as PDF (reportlab, as the monthly reports).

The content is `selectors.method.method_report` — the same dictionary the HTML page renders — so
the two cannot say different things; small numbers are suppressed in both the same way.
"""

import io

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .selectors.public import is_small


def _count(n: int) -> str:
    return _("fewer than 5") if is_small(n) else str(n)


def _hidden(row: dict, column: str) -> str:
    if row[f"{column}_hidden"] and row[column] >= 5:
        return _("not shown")
    return _count(row[column])


def _approach(row: dict) -> str:
    if row["together"]:
        return _("support and enforcement")
    return _("support (carrot)") if row["approach"] == "carrot" else _("enforcement (stick)")


def render_pdf(report: dict, *, compress: bool = True) -> bytes:
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    plan = report["plan"]
    styles = getSampleStyleSheet()
    small = styles["BodyText"].clone("small", fontSize=8, leading=10)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=_("Method and lessons: %(title)s") % {"title": plan.title},
        author="Schakel",
        subject=plan.area.name,
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
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
    )

    def text(value) -> Paragraph:
        return Paragraph(escape(str(value or "–")).replace("\n", "<br/>"), small)

    def paragraph(value, style="BodyText") -> Paragraph:
        return Paragraph(escape(str(value or "–")).replace("\n", "<br/>"), styles[style])

    def table(header: list, rows: list[list]) -> Table:
        t = Table(
            [[text(h) for h in header]] + [[text(c) for c in row] for row in rows],
            hAlign="LEFT",
            repeatRows=1,
        )
        t.setStyle(table_style)
        return t

    def day(value) -> str:
        return date_format(value, "SHORT_DATE_FORMAT") if value else ""

    story = [
        paragraph(_("Method and lessons: %(title)s") % {"title": plan.title}, "Title"),
        paragraph(
            _(
                "How the partners tackled %(area)s from %(start)s to %(until)s, what it achieved "
                "and what they learned. Without personal data: figures are aggregates, numbers "
                'from 1 to 4 are shown as "fewer than 5".'
            )
            % {"area": plan.area.name, "start": day(plan.starts_on), "until": day(report["until"])}
        ),
        Spacer(1, 0.3 * cm),
        paragraph(_("1. Problem analysis"), "Heading2"),
        paragraph(plan.problem),
        paragraph(_("2. Norms"), "Heading2"),
        paragraph(plan.norms),
        paragraph(_("3. Commitment"), "Heading2"),
        paragraph("{}: {}".format(_("Steering group"), plan.steering_group or "–")),
        paragraph(
            "{}: {}".format(_("Partners"), ", ".join(str(p) for p in report["partners"]) or "–")
        ),
    ]
    if report["commitments"]:
        story.append(
            table(
                [_("Partner"), _("By (function)"), _("On"), _("Mandate")],
                [
                    [c.organisation, c.signed_by, day(c.signed_on), c.mandate]
                    for c in report["commitments"]
                ],
            )
        )
    story.append(paragraph(_("4. Goals and figures"), "Heading2"))
    if report["goals"]:
        rows = []
        for row in report["goals"]:
            goal, progress = row["goal"], row["progress"]
            change = (
                f"{progress.percent_change:+.1f} %" if progress.percent_change is not None else "–"
            )
            verdict = {
                "too_early": _("too early to say"),
                "on_track": _("On track"),
                "off_track": _("Not on track"),
            }.get(str(progress.verdict), _("Uncertain: the counts cannot tell yet"))
            rows.append([goal.description, f"{goal.target_percent:+d} %", change, verdict])
        story.append(table([_("Goal"), _("Target"), _("Change so far"), _("Verdict")], rows))
    else:
        story.append(paragraph(_("No goals.")))
    results = report["results"]
    story += [
        paragraph(_("5. Interventions: carrot and stick"), "Heading2"),
        table(
            [_("Joint inspections"), _("Premises visited"), _("Findings"), _("Measures taken")],
            [
                [
                    _count(results["inspections_done"]),
                    _count(results["addresses_visited"]),
                    _count(results["findings"]),
                    _count(results["interventions_total"]),
                ]
            ],
        ),
    ]
    if results["interventions"]:
        story.append(Spacer(1, 0.2 * cm))
        story.append(
            table(
                [_("Kind"), _("Approach"), _("Number"), _("Completed")],
                [
                    [r["domain"], _approach(r), _hidden(r, "total"), _hidden(r, "done")]
                    for r in results["interventions"]
                ],
            )
        )
    story.append(paragraph(_("6. Residents"), "Heading2"))
    if report["meetings"]:
        story.append(
            table(
                [_("Held on"), _("Who took part"), _("What was agreed"), _("Follow-up")],
                [
                    [day(m.held_on), m.participants, m.agreements, m.follow_up]
                    for m in report["meetings"]
                ],
            )
        )
    for survey in report["surveys"]:
        results_ = survey["results"]
        story.append(
            paragraph(
                "{} ({} – {}), {}: {}".format(
                    results_.survey.title,
                    day(results_.survey.opens_on),
                    day(results_.survey.closes_on),
                    _("respondents"),
                    _count(results_.respondents),
                )
            )
        )
        story.append(
            table(
                [_("Statement"), _("Answers"), _("Agree"), _("Mean (1–5)")],
                [
                    [
                        s.text,
                        _count(s.answers),
                        _("not shown: fewer than 5 answers")
                        if s.suppressed
                        else f"{s.agree_percent:.0f} %",
                        "" if s.suppressed else f"{s.mean:.1f}",
                    ]
                    for s in results_.statements
                ],
            )
        )
    presence = report["presence"]
    if presence["kinds"]:
        story.append(Spacer(1, 0.2 * cm))
        story.append(
            table(
                [_("Visible presence"), _("Times"), _("Hours")],
                [[k["kind"], k["times"], "{:.1f}".format(k["hours"])] for k in presence["kinds"]],
            )
        )
    story += [
        paragraph(_("7. What worked and what did not"), "Heading2"),
        paragraph(_("What worked"), "Heading3"),
        paragraph(plan.what_worked),
        paragraph(_("What did not work"), "Heading3"),
        paragraph(plan.what_did_not_work),
        paragraph(_("8. Chronicle"), "Heading2"),
    ]
    if report["chronicle"]:
        story.append(
            table(
                [_("Date"), _("What happened")],
                [
                    [day(i.date), f"{i.title} — {i.text}" if i.text else i.title]
                    for i in report["chronicle"]
                ],
            )
        )
    else:
        story.append(paragraph(_("Nothing in the chronicle for this period.")))
    document.build(story)
    return buffer.getvalue()
