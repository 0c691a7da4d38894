"""The area pages do not fail on incidents with implausible dates already in the database."""

import datetime as dt

import pytest
from django.urls import reverse

from schakel.incidents.models import Incident
from tests.areas.conftest import BOX, add_incidents


@pytest.fixture
def implausible(neighbourhood):
    x_min, y_min = BOX[0] + 100, BOX[1] + 100
    add_incidents([(x_min + 10 * i, y_min + 10 * i) for i in range(20)])
    for when in (
        dt.datetime(1, 1, 1, 12, tzinfo=dt.UTC),
        dt.datetime(9999, 12, 31, 12, tzinfo=dt.UTC),
    ):
        Incident.objects.create(
            source_id=f"x-{when.year}", occurred_at=when, category="overlast", x=x_min, y=y_min
        )


@pytest.mark.parametrize(
    "name", ["areas:detail", "areas:hotspots_geojson", "areas:emerging_geojson"]
)
def test_area_pages_do_not_fail_on_implausible_dates(
    client, regisseur, neighbourhood, implausible, name
):
    client.force_login(regisseur)
    response = client.get(reverse(name, args=[neighbourhood.pk]))
    assert response.status_code == 200
