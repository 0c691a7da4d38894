"""An analysis is computed once per input: the page and its map's GeoJSON share it, and new data
is never answered from an old analysis."""

import datetime as dt

import pytest
from django.utils import timezone

from schakel.analytics import hotspots
from schakel.incidents import selectors
from schakel.incidents.models import Incident, IncidentImport


@pytest.fixture
def computations(monkeypatch):
    """Counts how often the Gi* analysis itself runs (the real function still does the work)."""
    calls = []
    real = hotspots.analyse_grid

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(hotspots, "analyse_grid", counted)
    return calls


def test_the_page_and_its_geojson_compute_the_hot_spots_once(
    client, analist, incidents, computations
):
    client.force_login(analist)
    assert client.get("/incidenten/hotspots/?cell_size=100").status_code == 200
    assert client.get("/incidenten/hotspots.geojson?cell_size=100").status_code == 200
    assert len(computations) == 1


def test_another_input_is_another_analysis(incidents, computations):
    selectors.hot_spots(100)
    selectors.hot_spots(250)
    selectors.hot_spots(100, category="overlast")
    selectors.hot_spots(cell_size=100)  # the same input as the first
    assert len(computations) == 3


def test_new_incidents_are_never_answered_from_an_old_analysis(incidents, computations):
    before = selectors.hot_spots(100)
    Incident.objects.create(
        source_id="new-1",
        occurred_at=timezone.make_aware(dt.datetime(2024, 2, 1)),
        category="overlast",
        x=155_010,
        y=463_010,
    )
    after = selectors.hot_spots(100)
    assert len(computations) == 2
    assert after.as_columns()["count"].sum() == before.as_columns()["count"].sum() + 1


def test_an_import_that_only_updates_rows_is_new_data(incidents, computations):
    selectors.hot_spots(100)
    Incident.objects.filter(source_id="t-1").update(x=155_900)
    IncidentImport.objects.create(file_name="update.csv", status=IncidentImport.Status.IMPORTED)
    selectors.hot_spots(100)
    assert len(computations) == 2


@pytest.fixture
def collections_built(monkeypatch):
    """Counts how often a map's GeoJSON is built from an analysis (the real function runs)."""
    calls = []
    real = selectors.feature_collection

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(selectors, "feature_collection", counted)
    return calls


@pytest.mark.parametrize("url", ["/incidenten/hotspots.geojson", "/incidenten/opkomend.geojson"])
def test_a_map_is_built_once_per_input_and_served_from_the_cache_after(
    client, analist, incidents, collections_built, url
):
    client.force_login(analist)
    first = client.get(f"{url}?cell_size=100")
    again = client.get(f"{url}?cell_size=100")
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json()
    assert first.json()["features"]
    assert len(collections_built) == 1
    client.get(f"{url}?cell_size=100&all=1")
    assert len(collections_built) == 2


@pytest.mark.parametrize(
    ("url", "analysis"),
    [
        ("/incidenten/hotspots/", "hot_spots"),
        ("/incidenten/opkomend/", "emerging_hot_spots"),
    ],
)
def test_a_cached_page_does_not_read_the_whole_analysis_again(
    client, analist, incidents, monkeypatch, url, analysis
):
    """A region's emerging cube runs to hundreds of megabytes: reading it back from the cache
    took most of the page's time. The page's own content is cached beside it."""
    client.force_login(analist)
    first = client.get(f"{url}?cell_size=100")
    assert first.status_code == 200

    def not_again(*args, **kwargs):
        raise AssertionError(f"{analysis} read again for a page already shown")

    monkeypatch.setattr(selectors, analysis, not_again)
    again = client.get(f"{url}?cell_size=100")
    assert again.status_code == 200
    main = first.content.decode().split("<main", 1)[1].split("</main>", 1)[0]
    assert main == again.content.decode().split("<main", 1)[1].split("</main>", 1)[0]
    assert "<table" in main  # the cells are there, not just an empty page
