"""The quick scan's second map layer: emerging hot spots of the last twelve full months, limited
to the area."""

import datetime
import random

from django.urls import reverse
from django.utils import timezone

from schakel.analytics.polygons import rd_to_wgs84
from schakel.areas.models import AreaBoundary
from schakel.incidents.models import Incident
from schakel.registry.models import Area
from tests.areas.conftest import BOX

PERSISTENT_CELL = "crs28992res100mN564400E183400"
NEW_CELL = "crs28992res100mN564700E183600"


def month_start(months_back: int) -> datetime.date:
    day = timezone.localdate().replace(day=1)
    for _ in range(months_back):
        day = (day - datetime.timedelta(days=1)).replace(day=1)
    return day


def plant_incidents(rng: random.Random) -> None:
    """Twelve full months: background over the box, a cluster every month (persistent) and one
    in the last full month only (new); plus, this month, incidents that must not count."""
    x_min, y_min, x_max, y_max = BOX
    objects = []

    def add(month, x, y, prefix):
        day = datetime.datetime.combine(month + datetime.timedelta(days=14), datetime.time(12))
        objects.append(
            Incident(
                source_id=f"{prefix}-{len(objects)}",
                occurred_at=timezone.make_aware(day),
                category="overlast",
                x=x,
                y=y,
            )
        )

    for back in range(1, 13):
        month = month_start(back)
        for _ in range(40):
            add(month, rng.uniform(x_min, x_max), rng.uniform(y_min, y_max), "bg")
        for _ in range(40):
            add(month, 183_300 + rng.uniform(0, 200), 564_300 + rng.uniform(0, 200), "ps")
    for _ in range(40):
        add(month_start(1), 183_600 + rng.uniform(0, 200), 564_700 + rng.uniform(0, 200), "nw")
    Incident.objects.bulk_create(objects)


def features_of(client, area, **params) -> dict:
    response = client.get(reverse("areas:emerging_geojson", args=[area.pk]), params)
    assert response.status_code == 200
    return {f["properties"]["cell_id"]: f["properties"] for f in response.json()["features"]}


def test_emerging_layer_shows_the_planted_patterns(gebiedsregisseur, neighbourhood, client_for):
    plant_incidents(random.Random(3))
    # A gebiedsregisseur is no analyst: the area's own endpoint serves the layer.
    cells = features_of(client_for(gebiedsregisseur), neighbourhood)
    assert cells[PERSISTENT_CELL]["pattern"] == "persistent_hot"
    assert cells[PERSISTENT_CELL]["hot_periods"] == 12
    assert cells[NEW_CELL]["pattern"] == "new_hot"
    # Only the area's cells: a 1 km square of 100 m cells.
    assert len(cells) <= 100
    assert all(c.startswith("crs28992res100m") for c in cells)


def test_emerging_layer_leaves_out_cells_outside_the_outline(
    gebiedsregisseur, neighbourhood, client_for
):
    """A triangle (lower left half of the box): the persistent cluster lies in it, the new
    cluster in the upper right corner does not."""
    plant_incidents(random.Random(3))
    x_min, y_min, x_max, y_max = BOX
    lon, lat = rd_to_wgs84([x_min, x_max, x_min, x_min], [y_min, y_min, y_max, y_min])
    triangle = Area.objects.create(name="Driehoek", kind=Area.Kind.NEIGHBOURHOOD)
    AreaBoundary.objects.create(
        area=triangle,
        geometry={
            "type": "Polygon",
            "coordinates": [[list(p) for p in zip(lon, lat, strict=True)]],
        },
        x_min=x_min,
        y_min=y_min,
        x_max=x_max,
        y_max=y_max,
    )
    cells = features_of(client_for(gebiedsregisseur), triangle)
    assert cells[PERSISTENT_CELL]["pattern"] == "persistent_hot"
    assert NEW_CELL not in cells
    assert "crs28992res100mN564900E183900" not in cells


def test_quick_scan_offers_the_emerging_layer_switched_off(
    gebiedsregisseur, neighbourhood, client_for
):
    response = client_for(gebiedsregisseur).get(
        reverse("areas:detail", args=[neighbourhood.pk]), {"cel": 250}
    )
    hot, emerging, presence = response.context["map_config"]["layers"]
    assert presence["kind"] == "presence" and presence["shown"]
    assert hot["kind"] == "classes" and hot["shown"] and hot["data"] is not None
    assert emerging["kind"] == "patterns" and not emerging["shown"]
    assert (
        emerging["url"] == reverse("areas:emerging_geojson", args=[neighbourhood.pk]) + "?cel=250"
    )
    assert 'id="pattern-legend"' in response.content.decode()


def test_emerging_layer_without_incidents_is_empty(gebiedsregisseur, neighbourhood, client_for):
    assert features_of(client_for(gebiedsregisseur), neighbourhood) == {}


def test_emerging_layer_is_for_area_users_only(auditor, gebiedsregisseur, client_for):
    assert client_for(auditor).get(reverse("areas:emerging_geojson", args=[1])).status_code == 403
    response = client_for(gebiedsregisseur).get(reverse("areas:emerging_geojson", args=[99999]))
    assert response.status_code == 404
