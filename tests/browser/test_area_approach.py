"""The area approach in a real browser: an analyst imports incidents and sees the hot spots on
the area map; a gebiedsregisseur makes a plan, runs a joint inspection and turns its findings
into follow-up interventions.

Fields are found by their ids; the map is drawn without base-map tiles (the setting is empty),
so the hot-spot cells are SVG paths on a plain background.
"""

import datetime
import importlib
import json
import random
import re

import pytest
from django.apps import apps as django_apps
from django.utils import timezone

from schakel.areas import services
from schakel.areas.models import Finding, HotspotPlan, JointInspection
from schakel.incidents.models import Incident
from schakel.organisations.models import OrganisationKind as K
from schakel.organisations.models import Role
from schakel.plans.models import Intervention
from schakel.registry.models import Address
from tests.areas.conftest import BOX, square_geometry
from tests.browser.conftest import log_in
from tests.factories import OrganisationFactory, make_user

pytestmark = pytest.mark.browser


def install_finding_catalogue():
    migration = importlib.import_module("schakel.areas.migrations.0002_finding_catalogue")
    migration.add_catalogue(django_apps, None)


def incident_csv(path) -> str:
    """Background incidents over the square plus a dense cluster: one clear hot spot."""
    rng = random.Random(7)
    x_min, y_min, x_max, y_max = BOX
    when = (timezone.now() - datetime.timedelta(days=20)).strftime("%Y-%m-%d %H:%M")
    rows = ["id,datetime,category,x,y"]
    for i in range(200):
        rows.append(
            f"BG-{i},{when},overlast,{rng.uniform(x_min, x_max):.1f},{rng.uniform(y_min, y_max):.1f}"
        )
    for i in range(150):
        x, y = 183_450 + rng.uniform(0, 100), 564_450 + rng.uniform(0, 100)
        rows.append(f"HS-{i},{when},drugsoverlast,{x:.1f},{y:.1f}")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return str(path)


def submit(page, form_action_suffix):
    page.locator(f"form[action$='{form_action_suffix}'] button[type=submit]").first.click()
    page.wait_for_load_state()


def test_analyst_sees_hot_spots_and_a_gebiedsregisseur_turns_findings_into_interventions(
    page, settings, tmp_path
):
    settings.SCHAKEL_MAP_TILE_URL = ""
    install_finding_catalogue()
    house = OrganisationFactory(name="Veiligheidshuis", kind=K.SAFETY_HOUSE)
    police = OrganisationFactory(name="Politie", kind=K.POLICE)
    OrganisationFactory(name="Netbeheerder", kind=K.GRID)
    analist = make_user(Role.ANALYST, K.MUNICIPALITY, "analist", "Gemeente")
    make_user(Role.COORDINATOR, K.MUNICIPALITY, "gebiedsregisseur", "Gemeente")

    area = services.define_area(
        by=analist,
        name="Lindehof",
        kind="buurt",
        cbs_code="BU09990301",
        outline=json.dumps(square_geometry()),
    )
    premises = [
        Address.objects.create(postcode="9998AB", house_number=n, street="Lindehof", area=area)
        for n in (1, 2, 3)
    ]

    # 1. The analyst imports incidents through the import page.
    log_in(page, "analist")
    page.goto("/incidenten/importeren/")
    page.locator("#id_file").set_input_files(incident_csv(tmp_path / "incidenten.csv"))
    page.locator("#import-submit").click()
    page.wait_for_load_state()
    assert Incident.objects.count() == 350

    # 2. ... and sees the hot spot on the area's map.
    page.goto(f"/gebieden/{area.pk}/")
    page.wait_for_selector("#area-map[data-ready='true']")
    assert page.locator("#area-map.leaflet-container").count() == 1
    assert page.locator("#area-map path.area-outline").count() == 1
    assert page.locator("#area-map path.hotspot-cell--hot").count() >= 1
    assert page.locator("#hot-cells tbody tr").count() >= 1
    geojson = page.request.get(f"/gebieden/{area.pk}/hotspots.geojson").json()
    assert any(f["properties"]["hot_cold_class"] > 0 for f in geojson["features"])
    # An analyst reads; planning is for the area director.
    assert page.locator("#link-new-plan").count() == 0

    # 3. The gebiedsregisseur makes a hot-spot plan from the quick scan, with a goal.
    log_in(page, "gebiedsregisseur")
    page.goto(f"/gebieden/{area.pk}/")
    page.locator("#link-new-plan").click()
    page.locator("#id_title").fill("Aanpak Lindehof")
    page.locator("#id_host_organisation").select_option(label="Veiligheidshuis")
    for name in ("Politie", "Gemeente", "Netbeheerder"):
        page.get_by_label(name, exact=True).check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/gebieden/plannen/\d+/$"))
    plan = HotspotPlan.objects.get()
    assert set(plan.partners.values_list("name", flat=True)) == {
        "Politie",
        "Gemeente",
        "Netbeheerder",
    }
    page.locator("#add-goal summary").click()
    page.locator("#id_description").fill("Drugsoverlast −30 % in 12 maanden")
    page.locator("#id_incident_category").select_option("drugsoverlast")
    submit(page, "/doelen/")
    assert plan.goals.count() == 1
    assert page.locator("table.goal-progress tbody tr").count() == 1

    # 4. ... plans a joint inspection at two premises with the plan's partners ...
    page.locator("#plan-new-inspection").click()
    page.locator("#id_title").fill("Integrale controle Lindehof")
    page.locator("#id_planned_for").fill(timezone.localdate().isoformat())
    for premise in premises[:2]:  # tick boxes, not a Ctrl-click list
        page.locator(f"input[name=addresses][value='{premise.pk}']").check()
    page.locator("#id_briefing").fill("Verzamelen 19.00 uur bij het politiebureau.")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/gebieden/controles/\d+/$"))
    inspection = JointInspection.objects.get()
    assert inspection.plan == plan and inspection.partners.count() == 3

    # 5. ... holds it, records the partners' findings ...
    page.locator("#inspection-status-form select").select_option("done")
    submit(page, "/status/")
    inspection.refresh_from_db()
    assert inspection.status == JointInspection.Status.DONE
    for organisation, finding in (
        ("Politie", "Hennepkwekerij"),
        ("Netbeheerder", "Energiediefstal (illegale aansluiting)"),
    ):
        page.locator("#id_address").select_option(value=str(premises[0].pk))
        page.locator("#id_organisation").select_option(label=organisation)
        page.locator("#id_finding_type").select_option(label=finding)
        submit(page, "/bevindingen/")
    assert Finding.objects.count() == 2

    # 6. ... and turns them into follow-up interventions with their legal deadlines.
    while page.locator(".follow-up-button").count():
        page.locator(".follow-up-button").first.click()
        page.wait_for_load_state()
    closure = Intervention.objects.get(type__name="Sluiting pand (art. 13b Opiumwet)")
    report = Intervention.objects.get(type__name="Aangifte energiediefstal")
    assert closure.deadline == inspection.planned_for + datetime.timedelta(days=28)
    assert report.deadline == inspection.planned_for + datetime.timedelta(days=14)
    case = closure.plan.case
    assert report.plan.case == case and list(case.addresses.all()) == [premises[0]]
    assert case.host_organisation == house
    assert case in plan.cases.all()
    assert page.locator("#finding-table").get_by_text(case.reference).count() == 2
    assert closure.owner_organisation.name == "Gemeente"
    assert report.owner_organisation.name == "Netbeheerder"
    taking_part = {p.organisation.name for p in case.participations.all()}
    # The owning partners and the partners that found it take part.
    assert taking_part == {"Gemeente", "Netbeheerder", police.name}

    # The plan page lists the hot-spot case and the interventions the municipality may see: the
    # energy-theft report is criminal law (justice data), so it is not shown to the gemeente.
    page.goto(f"/gebieden/plannen/{plan.pk}/")
    rows = page.locator("#plan-interventions tbody tr")
    assert rows.count() == 1
    assert "13b" in rows.first.inner_text()
