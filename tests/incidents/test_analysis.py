"""The hotspots command, the analysis pages and their JSON, and the demo incidents."""

import csv
import datetime as dt
import re

import numpy as np
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from schakel.demo import incidents as demo
from schakel.incidents import selectors
from schakel.incidents.models import Incident

pytestmark = pytest.mark.django_db


def write_points(path, rows):
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["x", "y", "datetime", "category"])
        writer.writerows(rows)


def test_hotspots_command_writes_one_row_per_cell_with_the_agreed_columns(tmp_path):
    rng = np.random.default_rng(1)
    rows = [
        (155_000 + rng.uniform(0, 2000), 463_000 + rng.uniform(0, 1000), "2024-01-01", "overlast")
        for _ in range(300)
    ]
    rows += [(155_550, 463_450, "2024-02-01", "overlast")] * 60
    rows += [(155_050, 463_050, "2024-06-01", "vernieling")] * 5
    rows += [("abc", 1, "2024-01-01", "overlast")]
    source = tmp_path / "points.csv"
    write_points(source, rows)
    output = tmp_path / "cells.csv"
    call_command("hotspots", str(source), "--cell-size", "100", "--output", str(output))
    with open(output, newline="") as handle:
        cells = list(csv.DictReader(handle))
    assert list(cells[0]) == [
        "cell_id",
        "x_min",
        "y_min",
        "count",
        "gi_z",
        "p_value",
        "p_fdr",
        "hot_cold_class",
    ]
    assert len(cells) == 20 * 10
    assert sum(int(c["count"]) for c in cells) == 365
    planted = next(c for c in cells if c["cell_id"] == "crs28992res100mN463400E155500")
    assert int(planted["count"]) >= 60
    assert planted["hot_cold_class"] == "3"
    assert (planted["x_min"], planted["y_min"]) == ("155500", "463400")
    assert sum(c["hot_cold_class"] == "3" for c in cells) <= 9  # the spot and its neighbours


def test_hotspots_command_filters_on_category_and_dates(tmp_path):
    source = tmp_path / "points.csv"
    write_points(
        source,
        [
            (155_010, 463_010, "2024-01-01 10:00", "overlast"),
            (155_020, 463_020, "2024-02-01 10:00", "vernieling"),
            (155_550, 463_550, "2024-01-31 23:00", "overlast"),
            (155_560, 463_560, "2024-02-01 00:30", "overlast"),
        ],
    )
    output = tmp_path / "cells.csv"
    call_command(
        "hotspots",
        str(source),
        "--output",
        str(output),
        "--category",
        "overlast",
        "--from",
        "2024-01-01",
        "--to",
        "2024-01-31",
    )
    with open(output, newline="") as handle:
        counts = {c["cell_id"]: int(c["count"]) for c in csv.DictReader(handle)}
    assert sum(counts.values()) == 2
    assert counts["crs28992res100mN463500E155500"] == 1


def test_hotspots_command_reports_a_missing_file(tmp_path):
    with pytest.raises(CommandError):
        call_command("hotspots", str(tmp_path / "nope.csv"), "--output", str(tmp_path / "o.csv"))


def test_selectors_build_month_grids_with_empty_periods_kept(incidents):
    cube = selectors.period_counts(100, start=dt.date(2023, 12, 1), end=dt.date(2024, 5, 31))
    assert [p.isoformat() for p in cube.periods] == [
        "2023-12-01",
        "2024-01-01",
        "2024-02-01",
        "2024-03-01",
        "2024-04-01",
        "2024-05-01",
    ]
    assert cube.counts.sum() == 480
    assert cube.counts[0].sum() == 0 and cube.counts[-1].sum() == 0
    assert cube.counts.shape[1:] == (15, 15)


def test_selectors_find_the_hot_spot(incidents):
    result = selectors.hot_spots(100, category="overlast")
    extent = result.extent
    assert (
        result.hot_cold_class[(463_750 // 100) - extent.row0, (155_750 // 100) - extent.col0] == 3
    )


def test_analysis_pages_are_for_analysts_only(client, analist, politie, incidents):
    names = [
        "index",
        "import",
        "hotspots",
        "hotspots_geojson",
        "emerging",
        "emerging_geojson",
        "forecast",
    ]
    client.force_login(politie)
    for name in names:
        assert client.get(reverse(f"incidents:{name}")).status_code == 403
    client.force_login(analist)
    for name in names:
        assert client.get(reverse(f"incidents:{name}")).status_code == 200, name


def test_hotspots_page_lists_the_hottest_cell_first(client, analist, incidents):
    client.force_login(analist)
    response = client.get(reverse("incidents:hotspots"), {"cell_size": 100, "category": "overlast"})
    assert response.context["rows"][0]["cell_id"] == "crs28992res100mN463700E155700"
    assert response.context["rows"][0]["cls"] == 3


def test_hotspots_geojson_gives_wgs84_polygons_with_classes(client, analist, incidents):
    client.force_login(analist)
    data = client.get(reverse("incidents:hotspots_geojson"), {"cell_size": 250}).json()
    assert data["type"] == "FeatureCollection"
    assert data["properties"]["cell_size"] == 250
    feature = next(
        f for f in data["features"] if f["properties"]["cell_id"] == "crs28992res250mN463000E155000"
    )
    ring = feature["geometry"]["coordinates"][0]
    assert len(ring) == 5 and ring[0] == ring[-1]
    lon, lat = ring[0]
    assert 5.38 < lon < 5.39 and 52.15 < lat < 52.16  # near Amersfoort
    assert set(feature["properties"]) >= {"count", "gi_z", "p_value", "p_fdr", "hot_cold_class"}


def test_geojson_with_bad_parameters_is_a_400_not_a_500(client, analist, incidents):
    client.force_login(analist)
    assert client.get(reverse("incidents:hotspots_geojson"), {"cell_size": 7}).status_code == 400
    assert client.get(reverse("incidents:hotspots_geojson"), {"bounds": "1,2,x"}).status_code == 400
    assert (
        client.get(reverse("incidents:emerging_geojson"), {"start": "gisteren"}).status_code == 400
    )


def test_emerging_geojson_gives_patterns_per_cell(client, analist, incidents):
    client.force_login(analist)
    data = client.get(
        reverse("incidents:emerging_geojson"), {"bounds": "155000,463000,156500,464500"}
    ).json()
    assert len(data["properties"]["periods"]) == 4
    hot = next(
        f for f in data["features"] if f["properties"]["cell_id"] == "crs28992res100mN463700E155700"
    )
    assert hot["properties"]["pattern"] == "persistent_hot"
    assert hot["properties"]["hot_periods"] == 4


def test_forecast_page_shows_pai_and_hit_rate(client, analist, incidents):
    client.force_login(analist)
    response = client.get(reverse("incidents:forecast"), {"train_months": 2, "percent": 5})
    score = response.context["score"]
    assert score.train_periods == 2
    assert score.hit_rate > 0.1
    assert score.pai == pytest.approx(score.hit_rate / score.area_share)
    too_many = client.get(reverse("incidents:forecast"), {"train_months": 12})
    assert too_many.context["score"] is None
    assert "train_months" in too_many.context["form"].errors


def test_upload_with_errors_shows_the_report_and_imports_nothing(client, analist, upload):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(analist)
    page = upload(
        SimpleUploadedFile(
            "bad.csv",
            b"id,datetime,category,x,y\n,2024-01-01,overlast,155000,463000\n"
            b"b,2024-01-01,overlast,155000,463000\n",
        )
    )
    job = page.context["job"]
    assert job.status == "failed"
    assert job.errors == [{"line": 2, "reason": "missing id"}]
    assert Incident.objects.count() == 0
    page = upload(
        SimpleUploadedFile(
            "good.csv", b"id,datetime,category,x,y\nb,2024-01-01,overlast,155000,463000\n"
        )
    )
    assert page.context["job"].status == "succeeded"
    assert page.context["job"].result["summary"] == "1 rows read: 1 new, 0 updated, 0 skipped."
    assert Incident.objects.count() == 1


@pytest.mark.slow
def test_demo_incidents_have_the_planted_patterns():
    counts = demo.load(seed=2026, today=dt.date(2026, 3, 10))
    assert 30_000 < counts["incidents"] < 60_000
    x0, y0, x1, y1 = demo.EXTENT
    cube, result = selectors.emerging_hot_spots(100, bounds=demo.EXTENT)
    assert len(cube.periods) == demo.MONTHS
    names = result.pattern_names()

    def pattern_at(point):
        return names[
            int(point[1] // 100) - cube.extent.row0, int(point[0] // 100) - cube.extent.col0
        ]

    persistent = [s for s in demo.PLANTED_HOTSPOTS if s["kind"] == "persistent"]
    assert len(persistent) >= 3
    for spot in persistent:
        assert pattern_at(spot["centre"]) in (
            "persistent_hot",
            "intensifying_hot",
            "diminishing_hot",
        )
    emerging_spot = next(s for s in demo.PLANTED_HOTSPOTS if s["kind"] == "emerging")
    assert pattern_at(emerging_spot["centre"]) in ("new_hot", "consecutive_hot")
    ax0, ay0, ax1, ay1 = demo.IMPROVED_AREA["bounds"]
    inside = Incident.objects.filter(x__gte=ax0, x__lt=ax1, y__gte=ay0, y__lt=ay1)
    last_year = inside.filter(occurred_at__gte=timezone.make_aware(dt.datetime(2025, 3, 1))).count()
    year_before = inside.filter(
        occurred_at__gte=timezone.make_aware(dt.datetime(2024, 3, 1)),
        occurred_at__lt=timezone.make_aware(dt.datetime(2025, 3, 1)),
    ).count()
    assert 0.5 < last_year / year_before < 0.75
    demo.remove()
    assert Incident.objects.count() == 0


def test_an_analysis_too_large_for_memory_is_refused_not_attempted(
    client, analist, incidents, monkeypatch
):
    monkeypatch.setattr(selectors, "MAX_CUBE_CELLS", 100)
    client.force_login(analist)
    assert client.get(reverse("incidents:emerging_geojson")).status_code == 400
    assert client.get(reverse("incidents:hotspots_geojson")).status_code == 400
    page = client.get(reverse("incidents:emerging"))
    assert page.status_code == 200
    assert page.context["form"].non_field_errors()
    page = client.get(reverse("incidents:forecast"), {"train_months": 2})
    assert page.context["form"].non_field_errors()


def test_the_forecast_checks_the_latest_complete_month(client, analist):
    """Issue 13: the headline was "Forecast for december 2024" while the data ran to November
    2026 — it scored month k + 1 from the start. It scores the latest complete month, trained on
    the k months before it; the running month, still filling, is never scored."""
    today = timezone.localdate()
    this_month = today.replace(day=1)

    def months_back(n):
        year, month = divmod(this_month.year * 12 + this_month.month - 1 - n, 12)
        return dt.date(year, month + 1, 1)

    objects = []
    for back in range(6):  # five complete months and the running one
        when = timezone.make_aware(dt.datetime.combine(months_back(back), dt.time(12)))
        for i in range(30):
            objects.append(
                Incident(
                    source_id=f"f-{back}-{i}", occurred_at=when, category="overlast",
                    x=155_000 + (i % 5) * 100, y=463_000 + (i % 3) * 100,
                )
            )  # fmt: skip
    Incident.objects.bulk_create(objects)
    client.force_login(analist)
    response = client.get(reverse("incidents:forecast"), {"train_months": 2, "percent": 5})
    assert response.context["target_month"] == months_back(1)
    assert response.context["score"].train_periods == 2
    assert all(month < this_month for month, _score in response.context["series"])


def test_p_values_are_shown_one_way(client, analist, incidents):
    """Issue 13: p-values mixed `6.496e-246` with `0,0000`."""
    from django.utils import translation

    from schakel.incidents.templatetags.incidents_tags import p_value

    assert p_value(6.496e-246) == "< 0.0001"
    assert p_value(0.01234) == "0.0123"
    assert p_value(float("nan")) == p_value(None) == "–"
    with translation.override("nl"):
        assert p_value(1e-9) == "< 0,0001"
    client.force_login(analist)
    page = client.get(reverse("incidents:hotspots"), {"cell_size": 100}).content.decode()
    start = page.index("crs28992")
    table = page[page.rindex("<tbody>", 0, start) : page.index("</tbody>", start)]
    assert not re.search(r"\de-\d", table) and "< 0.0001" in table.replace("&lt;", "<")
