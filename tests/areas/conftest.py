"""Helpers for the area-approach tests: an outlined area with incidents, a plan, an inspection."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from schakel.analytics.polygons import rd_to_wgs84
from schakel.areas import services
from schakel.areas.models import AreaBoundary, FindingType
from schakel.incidents.models import Incident
from schakel.organisations.models import OrganisationKind as K
from schakel.organisations.models import Role
from schakel.registry.models import Address, Area
from tests.factories import OrganisationFactory, make_user

# A 1 km square in RD New (somewhere in the north of the Netherlands).
BOX = (183_000.0, 564_000.0, 184_000.0, 565_000.0)


def square_geometry(box=BOX) -> dict:
    x_min, y_min, x_max, y_max = box
    lon, lat = rd_to_wgs84([x_min, x_max, x_max, x_min, x_min], [y_min, y_min, y_max, y_max, y_min])
    return {
        "type": "Polygon",
        "coordinates": [[[float(a), float(b)] for a, b in zip(lon, lat, strict=True)]],
    }


def add_incidents(points, category="overlast", when=None, prefix="T"):
    """bulk_create incidents at (x, y) points; returns how many."""
    when = when or timezone.now() - datetime.timedelta(days=10)
    start = Incident.objects.count()
    Incident.objects.bulk_create(
        Incident(source_id=f"{prefix}-{start + i}", occurred_at=when, category=category, x=x, y=y)
        for i, (x, y) in enumerate(points)
    )
    return len(points)


@pytest.fixture(autouse=True)
def _clear_cache(request):
    """The cache is the database cache (settings.CACHES): what a test writes there is rolled back
    with the test's transaction. Clear it only for a test with database access outside one."""
    if "transactional_db" in request.fixturenames or "live_server" in request.fixturenames:
        cache.clear()
    yield


@pytest.fixture
def gebiedsregisseur(db):
    return make_user(Role.COORDINATOR, K.MUNICIPALITY, "gebiedsregisseur", "Test gemeente")


@pytest.fixture
def neighbourhood(db):
    district = Area.objects.create(name="Wijk Noord", kind=Area.Kind.DISTRICT, cbs_code="WK099901")
    buurt = Area.objects.create(
        name="Buurt Noord", kind=Area.Kind.NEIGHBOURHOOD, cbs_code="BU09990101", parent=district
    )
    x_min, y_min, x_max, y_max = BOX
    AreaBoundary.objects.create(
        area=buurt, geometry=square_geometry(), x_min=x_min, y_min=y_min, x_max=x_max, y_max=y_max
    )
    return buurt


@pytest.fixture
def addresses(neighbourhood):
    return [
        Address.objects.create(
            postcode="9998AB", house_number=n, street="Narcissenstraat", area=neighbourhood
        )
        for n in (1, 2, 3)
    ]


@pytest.fixture
def partners(db):
    return {
        "police": OrganisationFactory(name="Test police", kind=K.POLICE),
        "gemeente": OrganisationFactory(name="Test gemeente", kind=K.MUNICIPALITY),
        "grid": OrganisationFactory(name="Test netbeheerder", kind=K.GRID),
        "tax": OrganisationFactory(name="Test belastingdienst", kind=K.TAX),
    }


@pytest.fixture
def house(db):
    return OrganisationFactory(name="Test veiligheidshuis", kind=K.SAFETY_HOUSE)


@pytest.fixture
def plan(gebiedsregisseur, neighbourhood, house, partners):
    today = timezone.localdate()
    return services.create_plan(
        by=gebiedsregisseur,
        area=neighbourhood,
        title="Aanpak Buurt Noord",
        host_organisation=house,
        starts_on=today - datetime.timedelta(days=100),
        ends_on=today + datetime.timedelta(days=265),
        partners=list(partners.values()),
        is_public=True,
    )


@pytest.fixture
def inspection(gebiedsregisseur, neighbourhood, house, partners, addresses, plan):
    return services.plan_inspection(
        by=gebiedsregisseur,
        area=neighbourhood,
        plan=plan,
        title="Integrale controle Noord",
        host_organisation=house,
        planned_for=timezone.localdate() - datetime.timedelta(days=2),
        addresses=addresses,
        partners=list(partners.values()),
        briefing="Verzamelen om 19.00 uur.",
    )


def finding_type(name: str) -> FindingType:
    return FindingType.objects.get(name=name)
