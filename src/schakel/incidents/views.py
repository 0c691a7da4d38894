"""Incident data: overview and import, hot spots, emerging hot spots, forecast check.

Only analysts and process directors (`policy.may_analyse_incidents`) use these pages; everyone
else gets 403. The JSON endpoints serve the maps that the area pages draw.
"""

from pathlib import Path

import numpy as np
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from schakel.access import policy
from schakel.analytics.forecast import forecast_check
from schakel.jobs.services import start_job

from . import jobs, maps, selectors
from .forms import AnalysisForm, EmergingForm, ForecastForm, ImportForm
from .maps import CLASS_LABELS, pattern_label
from .models import Incident, IncidentImport

TOO_LARGE = gettext_lazy(
    "The study area has too many cells for this analysis: choose a larger cell size, a "
    "category or a shorter period."
)
ERRORS_SHOWN = 100


def _require_analyst(user):
    if not policy.may_analyse_incidents(user):
        raise PermissionDenied


def _bound(form_class, request):
    """A form bound to the query string, so missing choices take their defaults."""
    return form_class(request.GET)


@login_required
def index(request):
    """Counts per category and per month, the latest imports, and the import form."""
    _require_analyst(request.user)
    per_month = selectors.counts_per_month()[-24:]
    return render(
        request,
        "incidents/index.html",
        {
            "total": Incident.objects.count(),
            "per_category": selectors.counts_per_category(),
            "per_month": per_month,
            "max_month": max((m["n"] for m in per_month), default=0),
            "imports": IncidentImport.objects.select_related("imported_by")[:10],
            "form": ImportForm(),
        },
    )


@login_required
def import_file(request):
    """Upload a file; the background worker imports it while the user watches its job's page
    (rows checked, errors so far), which ends with the result or each bad row and its reason."""
    _require_analyst(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        source = form.cleaned_data["source"]
        job = start_job(
            kind=jobs.KIND,
            title=_("Import of %(file)s") % {"file": Path(upload.name).name[:150]},
            by=request.user,
            params={
                "skip_invalid": form.cleaned_data["skip_invalid"],
                "source": source.pk if source else None,
                "file_name": upload.name[:255],
            },
            upload=upload,
        )
        return redirect("jobs:detail", pk=job.pk)
    return render(request, "incidents/import.html", {"form": form})


@login_required
def hotspots(request):
    """Gi* hot spots for the chosen cell size, category and dates: summary and hottest cells."""
    _require_analyst(request.user)
    form = _bound(AnalysisForm, request)
    result = None
    rows = []
    summary = []
    if form.is_valid():
        try:
            result = selectors.hot_spots_table(form.cleaned_data["cell_size"], **form.filters())
        except selectors.AnalysisTooLarge:
            form.add_error(None, TOO_LARGE)
    if result is not None:
        rows = [{**row, "label": CLASS_LABELS[row["cls"]]} for row in result["rows"]]
        summary = [(CLASS_LABELS[c], n) for c, n in result["summary"]]
    query = request.GET.urlencode()
    layers = [
        maps.layer(
            "hotspots",
            "classes",
            label=_("Hot spots"),
            url=f"{reverse('incidents:hotspots_geojson')}?{query}",
        )
    ]
    return render(
        request,
        "incidents/hotspots.html",
        {
            "ignored": selectors.implausible_count(),
            "form": form,
            "result": result,
            "rows": rows,
            "summary": summary,
            "query": query,
            "map_config": maps.map_config(layers=layers),
            "legend": maps.class_legend(),
        },
    )


@login_required
def hotspots_geojson(request):
    """Hot-spot cells as GeoJSON polygons in WGS84, for the maps.

    URL: ``/incidenten/hotspots.geojson`` (``incidents:hotspots_geojson``). Query parameters, all
    optional: ``cell_size`` (100, 250, 500; default 100), ``category`` (one category, default
    all), ``start`` and ``end`` (YYYY-MM-DD, inclusive), ``bounds`` (``x_min,y_min,x_max,y_max``
    in RD New metres: the study area; default the box around all incidents) and ``all=1`` (also
    the empty, not significant cells; default only cells with incidents or a class).

    Each feature has the properties ``cell_id``, ``count``, ``gi_z``, ``p_value``, ``p_fdr`` and
    ``hot_cold_class`` (+3..-3, hot/cold at 99/95/90 %, FDR-corrected). The collection's
    ``properties`` give the cell size and the class summary. Invalid parameters give 400.
    """
    _require_analyst(request.user)
    form = _bound(AnalysisForm, request)
    bounds = _parse_bounds(request.GET.get("bounds"))
    if not form.is_valid() or bounds is False:
        return JsonResponse(
            {"errors": form.errors or {"bounds": ["x_min,y_min,x_max,y_max"]}}, status=400
        )
    try:
        text = selectors.hot_spots_geojson(
            form.cleaned_data["cell_size"],
            all_cells=request.GET.get("all") == "1",
            bounds=bounds,
            **form.filters(),
        )
    except selectors.AnalysisTooLarge:
        return JsonResponse({"errors": {"__all__": [str(TOO_LARGE)]}}, status=400)
    return HttpResponse(text, content_type="application/json")


def _parse_bounds(text):
    """None (no bounds), a 4-tuple, or False when the text is not four numbers in order."""
    if not text:
        return None
    try:
        values = tuple(float(v) for v in text.split(","))
    except ValueError:
        return False
    if len(values) != 4 or values[0] >= values[2] or values[1] >= values[3]:
        return False
    if (
        any(not np.isfinite(v) for v in values)
        or values[2] - values[0] > 400_000
        or values[3] - values[1] > 400_000
    ):
        return False
    return values


@login_required
def emerging_hotspots(request):
    """Emerging hot spots: number of cells per pattern and the cells with a pattern."""
    _require_analyst(request.user)
    form = _bound(EmergingForm, request)
    outcome = None
    summary = []
    rows = []
    if form.is_valid():
        try:
            outcome = selectors.emerging_table(
                form.cleaned_data["cell_size"],
                period=form.cleaned_data["period"] or "month",
                **form.filters(),
            )
        except selectors.AnalysisTooLarge:
            form.add_error(None, TOO_LARGE)
    if outcome is not None:
        summary = [(pattern_label(name), n) for name, n in outcome["summary"]]
        rows = [{**row, "pattern": pattern_label(row["pattern"])} for row in outcome["rows"]]
    query = request.GET.urlencode()
    layers = [
        maps.layer(
            "emerging",
            "patterns",
            label=_("Emerging hot spots"),
            url=f"{reverse('incidents:emerging_geojson')}?{query}",
        )
    ]
    return render(
        request,
        "incidents/emerging.html",
        {
            "ignored": selectors.implausible_count(),
            "form": form,
            "outcome": outcome,
            "periods": outcome["periods"] if outcome else [],
            "summary": summary,
            "rows": rows,
            "query": query,
            "map_config": maps.map_config(layers=layers),
            "legend": maps.pattern_legend(),
        },
    )


@login_required
def emerging_geojson(request):
    """Emerging hot-spot cells as GeoJSON polygons in WGS84, for the maps.

    URL: ``/incidenten/opkomend.geojson`` (``incidents:emerging_geojson``). Query parameters as
    for ``incidents:hotspots_geojson`` (``cell_size``, ``category``, ``start``, ``end``,
    ``bounds``, ``all``) plus ``period`` (``month`` default, or ``week``). Each feature has
    ``cell_id``, ``pattern`` (e.g. ``persistent_hot``, ``new_hot``, ``diminishing_cold``,
    ``no_pattern``; see `schakel.analytics.emerging`), ``pattern_code`` (+1..+8 hot, -1..-8
    cold, 0 none), ``count`` (all periods), ``hot_periods``, ``cold_periods``, ``trend_z`` and
    ``trend_p`` (Mann-Kendall on the Gi* z series). By default only cells with a pattern or
    with incidents are returned.
    """
    _require_analyst(request.user)
    form = _bound(EmergingForm, request)
    bounds = _parse_bounds(request.GET.get("bounds"))
    if not form.is_valid() or bounds is False:
        return JsonResponse(
            {"errors": form.errors or {"bounds": ["x_min,y_min,x_max,y_max"]}}, status=400
        )
    try:
        text = selectors.emerging_geojson(
            form.cleaned_data["cell_size"],
            period=form.cleaned_data["period"] or "month",
            all_cells=request.GET.get("all") == "1",
            bounds=bounds,
            **form.filters(),
        )
    except selectors.AnalysisTooLarge:
        return JsonResponse({"errors": {"__all__": [str(TOO_LARGE)]}}, status=400)
    return HttpResponse(text, content_type="application/json")


@login_required
def forecast(request):
    """Forecast check: PAI and hit rate of the top n % of cells of months 1..k on month k+1."""
    _require_analyst(request.user)
    form = _bound(ForecastForm, request)
    outcome = None
    series = []
    if form.is_valid():
        data = form.cleaned_data
        k = data["train_months"] or 12
        share = (data["percent"] or 5) / 100
        method = data["method"] or "count"
        try:
            outcome = selectors.forecast_score(
                data["cell_size"],
                train_periods=k,
                share=share,
                method=method,
                month=timezone.localdate().replace(day=1),
                **form.filters(),
            )
        except selectors.AnalysisTooLarge:
            form.add_error(None, TOO_LARGE)
        else:
            if outcome is None:
                form.add_error("train_months", _("There are not enough months of data for this k."))
        if outcome is not None:
            # The same check for every complete month (trained on all months before it), to
            # see whether the prediction is stable; the running month is never scored.
            cube, _score, target = outcome
            series = [
                (cube.periods[j], forecast_check(cube.counts, j, share, method))
                for j in range(1, target + 1)
            ]
    return render(
        request,
        "incidents/forecast.html",
        {
            "ignored": selectors.implausible_count(),
            "form": form,
            "outcome": outcome,
            "score": outcome[1] if outcome else None,
            "target_month": outcome[0].periods[outcome[2]] if outcome else None,
            "series": series,
        },
    )
