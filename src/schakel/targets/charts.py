"""Charts of the person-oriented approach, drawn with matplotlib (Agg, no display).

SVG for inline use in pages and in the PDF report rendered from them (with a title for screen
readers; every chart has a table next to it with the same figures). Only aggregates and one
person's own scores are drawn.
"""

from __future__ import annotations

import io
import re

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

COLOURS = ("#154273", "#d52b1e", "#39870c", "#e17000", "#8fcae7", "#673327")
_SVG_START = re.compile(r"^.*?(<svg\b)", re.DOTALL)


def _figure(width: float = 7.0, height: float = 3.4) -> Figure:
    figure = Figure(figsize=(width, height), dpi=100)
    FigureCanvasAgg(figure)
    return figure


def _svg(figure: Figure, title: str) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    text = _SVG_START.sub(r"\1", buffer.getvalue(), count=1)
    escaped = title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace(
        "<svg ", f'<svg role="img" aria-label="{escaped.replace(chr(34), "&quot;")}" ', 1
    )


def survival_figure(cohorts, horizon_days: int, *, xlabel: str, ylabel: str) -> Figure:
    figure = _figure()
    axes = figure.add_subplot()
    for colour, cohort in zip(COLOURS, cohorts, strict=False):
        if cohort.curve.n == 0:
            continue
        xs, ys = cohort.curve.step_points(horizon_days)
        axes.step(xs, ys, where="post", color=colour, label=f"{cohort.label} (n={cohort.curve.n})")
    axes.set_xlim(0, horizon_days)
    axes.set_ylim(0, 1.02)
    axes.set_xlabel(xlabel)
    axes.set_ylabel(ylabel)
    axes.grid(alpha=0.3)
    if axes.get_legend_handles_labels()[0]:
        axes.legend(loc="lower left", fontsize=8)
    return figure


def survival_svg(cohorts, horizon_days: int, *, title: str, xlabel: str, ylabel: str) -> str:
    return _svg(survival_figure(cohorts, horizon_days, xlabel=xlabel, ylabel=ylabel), title)


def size_figure(months: list[str], sizes: list[int], inflow: list[int], outflow: list[int],
                labels: tuple[str, str, str]) -> Figure:  # fmt: skip
    figure = _figure(7.0, 3.0)
    axes = figure.add_subplot()
    positions = range(len(months))
    axes.bar([p - 0.2 for p in positions], inflow, width=0.4, color=COLOURS[2], label=labels[1])
    axes.bar([p + 0.2 for p in positions], outflow, width=0.4, color=COLOURS[1], label=labels[2])
    axes.plot(list(positions), sizes, color=COLOURS[0], marker="o", label=labels[0])
    axes.set_xticks(list(positions), months, rotation=45, fontsize=8)
    axes.grid(alpha=0.3, axis="y")
    axes.legend(fontsize=8, loc="center left")
    return figure


def size_svg(months, sizes, inflow, outflow, labels, *, title: str) -> str:
    return _svg(size_figure(months, sizes, inflow, outflow, labels), title)


def domains_figure(rows: list[dict], scale_max: int, labels: tuple[str, str]) -> Figure:
    """Horizontal bars: mean first and mean latest score per domain."""
    figure = _figure(7.0, 0.35 * max(len(rows), 4) + 1)
    axes = figure.add_subplot()
    names = [r["domain"] for r in rows]
    positions = list(range(len(rows)))
    axes.barh([p + 0.2 for p in positions], [r["first"] or 0 for r in rows], height=0.4,
              color=COLOURS[4], label=labels[0])  # fmt: skip
    axes.barh([p - 0.2 for p in positions], [r["latest"] or 0 for r in rows], height=0.4,
              color=COLOURS[0], label=labels[1])  # fmt: skip
    axes.set_yticks(positions, names, fontsize=8)
    axes.invert_yaxis()
    axes.set_xlim(0, scale_max)
    axes.grid(alpha=0.3, axis="x")
    axes.legend(fontsize=8, loc="lower right")
    return figure


def domains_svg(rows, scale_max, labels, *, title: str) -> str:
    return _svg(domains_figure(rows, scale_max, labels), title)


def trend_svg(
    domains: list[str],
    dates: list[str],
    scores: list[list[int | None]],
    scale_max: int,
    *,
    title: str,
) -> str:
    """One panel: domains (rows) by assessments (columns), coloured and labelled by score.

    A single heat map draws in a fraction of the time of a panel per domain.
    """
    import numpy as np
    from matplotlib import rc_context

    values = np.array(
        [[np.nan if v is None else float(v) for v in row] for row in scores], dtype=float
    ).reshape(len(domains), len(dates))
    with rc_context({"svg.fonttype": "none"}):
        figure = _figure(1.6 + 0.75 * max(len(dates), 2), 0.3 * max(len(domains), 3) + 0.9)
        axes = figure.add_subplot()
        axes.imshow(
            np.ma.masked_invalid(values), cmap="RdYlGn", vmin=1, vmax=scale_max, aspect="auto"
        )
        axes.set_yticks(range(len(domains)), domains, fontsize=8)
        axes.set_xticks(range(len(dates)), dates, fontsize=7, rotation=30)
        for (row, column), value in np.ndenumerate(values):
            if not np.isnan(value):
                axes.text(column, row, f"{value:.0f}", ha="center", va="center", fontsize=8)
        return _svg(figure, title)
