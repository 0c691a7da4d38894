"""Demo data of the area-based approach in the fictional city of Lindewaard.

Builds on the core demo (areas, addresses, partners, users, cases) and on the demo incidents
(`schakel.demo.incidents`: the city's `EXTENT`, its `PLANTED_HOTSPOTS` and the `IMPROVED_AREA`
where a plan worked). It adds:

- outlines for the city, its districts and neighbourhoods, imported from the CBS-style file
  `data/wijkenbuurten_gm0999.geojson` (rectangles in RD New that tile the incidents' extent) as
  `manage.py import_area_boundaries` imports a real one, and a drawn area "Lindehof" around
  the improved area;
- a public hot-spot plan for Lindehof directed by the `coordinator` demo user (the
  gebiedsregisseur), with goals that the incident data shows were met, and a second plan for the
  Stationskwartier whose goal is not (yet) met;
- two joint inspections in Lindehof with findings, most turned into follow-up interventions
  through the services (so cases, participations, history and audit are as in real use), one
  left for the user to follow up;
- owners with several problem premises, chronicle entries and residents' reports.

Everything is fiction; the same seed and reference date give the same data.
"""

import datetime
import random
from pathlib import Path

from django.db.models import Q
from django.utils import timezone

from schakel.analytics.polygons import rd_to_wgs84
from schakel.areas import services
from schakel.areas.cbs_boundaries import read_boundaries
from schakel.areas.models import (
    REFERENCE_ALPHABET,
    AreaBoundary,
    ChronicleEntry,
    Finding,
    FindingType,
    HotspotPlan,
    JointInspection,
    Ownership,
    PlanGoal,
    ResidentReport,
)
from schakel.cases.models import Case, CaseEvent, CaseParticipation
from schakel.cases.workflow import OPEN_STATUSES
from schakel.organisations.models import Organisation, OrganisationKind, User
from schakel.plans import services as plan_services
from schakel.plans.models import Intervention
from schakel.registry.models import Address, Area, Business, Person

from . import incidents as incident_demo

IMPROVED_AREA_NAME = incident_demo.IMPROVED_AREA["name"]
DIRECTOR = "coordinator"  # the demo user who acts as gebiedsregisseur

# The city's CBS boundaries, as the Wijk- en buurtkaart gives them (RD New rectangles tiling the
# incidents' extent), read through the same import as a real municipality's file (docs/areas.md).
BOUNDARIES_FILE = Path(__file__).parent / "data" / "wijkenbuurten_gm0999.geojson"

CHRONICLE = [
    # days after the plan's start, title, text
    (
        -20,
        "Quickscan Lindehof besproken",
        "Analyse van incidenten en signalen; Lindehof is al twee jaar een hot spot.",
    ),
    (
        0,
        "Start gebiedsaanpak Lindehof",
        "Gemeente, politie, corporatie, netbeheerder en Belastingdienst tekenen de aanpak.",
    ),
    (
        45,
        "Bewonersavond in buurthuis De Linde",
        "Veertig bewoners; zorgen over overlast rond het winkelplein en leegstaande panden.",
    ),
    (
        120,
        "Extra verlichting en camera bij het plein",
        "Door de gemeente geplaatst na meldingen van bewoners.",
    ),
    (
        250,
        "Jongerenwerk verlengd",
        "Avondopenstelling van het jongerencentrum verlengd tot eind van het jaar.",
    ),
]

RESIDENT_REPORTS = [
    ("overlast", "Elke avond harde muziek en geschreeuw op het plein tot na middernacht."),
    ("drugs", "Er wordt bij de ingang van de flat gedeald, vooral in het weekend."),
    ("pand", "In het pand hiernaast brandt dag en nacht licht en het ruikt naar wiet."),
    ("afval", "Grofvuil wordt steeds bij de container gedumpt."),
    ("jeugd", "Groep jongeren hangt rond bij de speeltuin en intimideert voorbijgangers."),
    ("overlast", "Scooters racen 's avonds over het fietspad langs het park."),
]


def _rectangle(box) -> list[list[float]]:
    x_min, y_min, x_max, y_max = box
    xs = [x_min, x_max, x_max, x_min, x_min]
    ys = [y_min, y_min, y_max, y_max, y_min]
    lon, lat = rd_to_wgs84(xs, ys)
    return [[round(float(a), 7), round(float(b), 7)] for a, b in zip(lon, lat, strict=True)]


def _save_outline(area: Area, box) -> None:
    x_min, y_min, x_max, y_max = box
    AreaBoundary.objects.create(
        area=area,
        geometry={"type": "Polygon", "coordinates": [_rectangle(box)]},
        x_min=x_min,
        y_min=y_min,
        x_max=x_max,
        y_max=y_max,
    )


def _month_start(today: datetime.date, index: int) -> datetime.date:
    return incident_demo.month_starts(today)[index]


def _add_years(day: datetime.date, years: int) -> datetime.date:
    return day.replace(year=day.year + years)


def _org(kind: str) -> Organisation:
    return Organisation.objects.filter(kind=kind, is_active=True).order_by("pk").first()


PARTNER_KINDS = (
    OrganisationKind.POLICE,
    OrganisationKind.MUNICIPALITY,
    OrganisationKind.HOUSING,
    OrganisationKind.GRID,
    OrganisationKind.TAX,
    OrganisationKind.ENVIRONMENT,
)

# The findings of the two joint inspections in Lindehof: (index of the visited address, the
# finding partner, the finding type, what was found).
FIRST_FINDINGS = [
    (0, OrganisationKind.POLICE, "Hennepkwekerij", "Kwekerij met 300 planten op zolder."),
    (0, OrganisationKind.GRID, "Energiediefstal (illegale aansluiting)", "Meter overbrugd."),
    (
        1,
        OrganisationKind.HOUSING,
        "Illegale bewoning / overbewoning",
        "Negen bewoners, niet ingeschreven.",
    ),
    (
        3,
        OrganisationKind.POLICE,
        "Inschrijving BRP klopt niet",
        "Twee personen ingeschreven die er niet wonen.",
    ),
    (4, OrganisationKind.HOUSING, "Geen bijzonderheden", ""),
]
SECOND_FINDINGS = [
    (
        0,
        OrganisationKind.HOUSING,
        "Illegale bewoning / overbewoning",
        "Opnieuw zeven bewoners aangetroffen.",
    ),
    (
        0,
        OrganisationKind.TAX,
        "Fiscale onregelmatigheden",
        "Contante huurbetalingen, geen aangifte.",
    ),
    (
        1,
        OrganisationKind.POLICE,
        "Vermoeden criminele exploitatie (Bibob)",
        "Pand verhuurd via stroman.",
    ),
    (
        2,
        OrganisationKind.GRID,
        "Energiediefstal (illegale aansluiting)",
        "Illegale aansluiting in de kelder.",
    ),
]
BRIEFING = (
    "Verzamelen 19.00 uur bij het politiebureau. Volgorde van de panden volgens de lijst; de "
    "politie gaat als eerste naar binnen. Netbeheerder controleert de meters, de gemeente de "
    "bewoning, de Belastingdienst de bedrijfsmatige activiteiten."
)


def load(seed: int, today: datetime.date) -> dict:
    rng = random.Random(seed + 33)
    areas, lindehof = _outlines()
    director = User.objects.get(username=DIRECTOR)
    house = _org(OrganisationKind.SAFETY_HOUSE)
    partners = [o for o in (_org(kind) for kind in PARTNER_KINDS) if o is not None]
    plan = _lindehof_plan(lindehof, director, house, partners, today)
    if "Stationskwartier" in areas:
        _station_plan(areas["Stationskwartier"], director, house, partners, today)
    premises = _inspected_premises(lindehof, rng)
    _locate_addresses(premises[:LINDEHOF_PREMISES], lindehof, random.Random(seed + 71))
    visited_first, visited_second = premises[:5], premises[3:8]  # two premises visited twice
    inspection = _Inspections(lindehof, plan, house, director, partners, today)
    first = inspection.held(150, "Integrale controle Lindehof 1", visited_first, FIRST_FINDINGS)
    _complete_follow_ups(first, inspection.follow_up(first, count=5), director)
    _date_follow_up(first)
    second = inspection.held(10, "Integrale controle Lindehof 2", visited_second, SECOND_FINDINGS)
    inspection.follow_up(second, count=2)  # the rest is for the gebiedsregisseur in the demo
    _date_follow_up(second)
    ownerships = _owners(lindehof, house, director, today)
    _chronicle(lindehof, plan, director, today)
    reports = _resident_reports(premises, rng)
    return {
        "area outlines": AreaBoundary.objects.count(),
        "hot-spot plans": HotspotPlan.objects.count(),
        "joint inspections": JointInspection.objects.count(),
        "findings": Finding.objects.count(),
        "ownerships": ownerships,
        "chronicle entries": ChronicleEntry.objects.count(),
        "resident reports": reports,
    }


def _outlines() -> tuple[dict[str, Area], Area]:
    """Outlines for the city, its districts and neighbourhoods (the CBS file, imported), and
    the drawn area Lindehof."""
    services.import_cbs_boundaries(read_boundaries(BOUNDARIES_FILE), by=None)
    areas = {area.name: area for area in Area.objects.exclude(cbs_code="")}
    lindehof = Area.objects.create(
        name=IMPROVED_AREA_NAME, kind=Area.Kind.OTHER, parent=areas.get("Linderveld-Oost")
    )
    _save_outline(lindehof, incident_demo.IMPROVED_AREA["bounds"])
    return areas, lindehof


def _lindehof_plan(lindehof, director, house, partners, today) -> HotspotPlan:
    """The plan where it worked: it starts when the incidents drop (the last 12 months)."""
    starts = _month_start(today, incident_demo.IMPROVED_AREA["plan_starts_month"])
    plan = HotspotPlan.objects.create(
        area=lindehof,
        title="Gebiedsaanpak Lindehof",
        problem=(
            "Lindehof is al twee jaar een hot spot van overlast, vernielingen en woninginbraken. "
            "Signalen van partners wijzen op hennepteelt, overbewoning en illegale aansluitingen "
            "in een aantal panden van dezelfde eigenaren."
        ),
        norms=(
            "Geen drugsoverlast en geen hennepteelt in de wijk; panden worden bewoond volgens de "
            "regels; bewoners kunnen 's avonds zonder overlast over het plein."
        ),
        host_organisation=house,
        coordinator=director,
        starts_on=starts,
        ends_on=_add_years(starts, 1) - datetime.timedelta(days=1),
        is_public=True,
        public_summary=(
            "Politie, gemeente, woningcorporatie, netbeheerder en Belastingdienst pakken samen de "
            "overlast in Lindehof aan: met controles van panden, handhaving en extra inzet van "
            "jongerenwerk en buurtbemiddeling."
        ),
    )
    plan.partners.set(partners)
    baseline = (_add_years(starts, -1), starts - datetime.timedelta(days=1))
    measure = (starts, plan.ends_on)
    for description, category, target in (
        ("Overlastmeldingen −30 % in 12 maanden", "overlast", -30),
        ("Vernielingen −25 % in 12 maanden", "vernieling", -25),
        ("Alle incidenten −25 % in 12 maanden", "", -25),
    ):
        PlanGoal.objects.create(
            plan=plan,
            description=description,
            incident_category=category,
            target_percent=target,
            baseline_start=baseline[0],
            baseline_end=baseline[1],
            measure_start=measure[0],
            measure_end=measure[1],
        )
    return plan


def _station_plan(station, director, house, partners, today) -> HotspotPlan:
    """A second plan, at a persistent hot spot: started three months ago, not on track (yet)."""
    starts = _month_start(today, incident_demo.MONTHS - 3)
    plan = HotspotPlan.objects.create(
        area=station,
        title="Aanpak Stationsplein",
        problem="Aanhoudende drugsoverlast en straatroven rond het Stationsplein.",
        norms="Geen dealen rond het station; veilige looproute van en naar de trein.",
        host_organisation=house,
        coordinator=director,
        starts_on=starts,
        ends_on=_add_years(starts, 1) - datetime.timedelta(days=1),
    )
    plan.partners.set(
        [o for o in partners if o.kind in (OrganisationKind.POLICE, OrganisationKind.MUNICIPALITY)]
    )
    PlanGoal.objects.create(
        plan=plan,
        description="Drugsoverlast −20 % in 12 maanden",
        incident_category="drugsoverlast",
        target_percent=-20,
        baseline_start=_add_years(starts, -1),
        baseline_end=starts - datetime.timedelta(days=1),
        measure_start=starts,
        measure_end=plan.ends_on,
    )
    return plan


#: The first premises of Lindehof's neighbourhood (in the inspections' order) lie in Lindehof.
LINDEHOF_PREMISES = 12


def _locate_addresses(lindehof_premises, lindehof, rng) -> None:
    """Give every address in an outlined area a location (as a BAG extract would): the given
    premises inside Lindehof, every other address somewhere in its own area but outside
    Lindehof. A report at one of those premises then lands in Lindehof (issue 13)."""
    from schakel.analytics.polygons import geometry_to_rd, points_in_polygons

    boundaries = {b.area_id: b for b in AreaBoundary.objects.all()}
    inside_lindehof = {a.pk for a in lindehof_premises}
    lindehof_polygons = geometry_to_rd(boundaries[lindehof.pk].geometry)
    located = []
    for address in Address.objects.filter(area_id__in=boundaries).order_by("pk"):
        box = boundaries[address.area_id]
        polygons = geometry_to_rd(
            boundaries[lindehof.pk].geometry if address.pk in inside_lindehof else box.geometry
        )
        if address.pk in inside_lindehof:
            box = boundaries[lindehof.pk]
        for _attempt in range(50):
            x = round(rng.uniform(box.x_min, box.x_max), 1)
            y = round(rng.uniform(box.y_min, box.y_max), 1)
            if not points_in_polygons([x], [y], polygons)[0]:
                continue
            if (
                address.pk not in inside_lindehof
                and points_in_polygons([x], [y], lindehof_polygons)[0]
            ):
                continue
            address.x, address.y = x, y
            located.append(address)
            break
    Address.objects.bulk_update(located, ["x", "y"], batch_size=500)


def _inspected_premises(lindehof, rng) -> list[Address]:
    """Premises in Lindehof's neighbourhood, in a random order: the inspections' addresses.

    Premises that no open case is about come first: their follow-up opens a case of its own
    rather than inviting more partners into a case of the core demo, which has its two to five.
    """
    premises = list(
        Address.objects.filter(area=lindehof.parent).order_by("postcode", "house_number", "pk")
    )
    rng.shuffle(premises)
    in_open_cases = set(
        Case.objects.filter(status__in=OPEN_STATUSES, addresses__in=premises).values_list(
            "addresses", flat=True
        )
    )
    premises.sort(key=lambda address: address.pk in in_open_cases)  # stable: keeps the shuffle
    return premises


class _Inspections:
    """Joint inspections in Lindehof with all its plan's partners, and their follow-up."""

    def __init__(self, lindehof, plan, house, director, partners, today):
        self.lindehof, self.plan, self.house, self.director = lindehof, plan, house, director
        self.partners, self.today = partners, today
        self.by_kind = {o.kind: o for o in partners}
        self.types = {t.name: t for t in FindingType.objects.all()}
        # Each partner records its own findings (the municipality may not hold tax data).
        self.recorders = {}
        for organisation in partners:
            colleague = (
                User.objects.filter(organisation=organisation, is_active=True)
                .order_by("pk")
                .first()
            )
            if colleague is not None:
                self.recorders[organisation.kind] = colleague
        self.recorders[OrganisationKind.MUNICIPALITY] = director

    def held(self, days_ago: int, title: str, addresses, findings) -> JointInspection:
        """An inspection done `days_ago`, with its findings recorded."""
        visit = self.today - datetime.timedelta(days=days_ago)
        inspection = JointInspection.objects.create(
            area=self.lindehof,
            plan=self.plan,
            title=title,
            host_organisation=self.house,
            coordinator=self.director,
            planned_for=visit,
            status=JointInspection.Status.DONE,
            briefing=BRIEFING,
            completed_at=timezone.make_aware(
                datetime.datetime.combine(visit, datetime.time(23, 0))
            ),
        )
        inspection.addresses.set(addresses)
        inspection.partners.set(self.partners)
        for address_index, kind, type_name, text in findings:
            Finding.objects.create(
                inspection=inspection,
                address=addresses[address_index],
                organisation=self.by_kind[kind],
                finding_type=self.types[type_name],
                description=text,
                recorded_by=self.recorders.get(kind, self.director),
            )
        return inspection

    def follow_up(self, inspection, count: int) -> list[Intervention]:
        """The first `count` findings followed up through the service, as the director would."""
        interventions = []
        findings = Finding.objects.filter(inspection=inspection).select_related("finding_type")
        for finding in findings.order_by("pk")[:count]:
            if finding.finding_type.intervention_type is not None:
                interventions.append(
                    services.follow_up_finding(finding, by=self.director, today=self.today)
                )
        return interventions


def _complete_follow_ups(inspection, interventions, director) -> None:
    """The follow-ups of the first inspection are done by now, each within its legal term."""
    visit = inspection.planned_for
    for offset, intervention in enumerate(interventions):
        completed = timezone.make_aware(
            datetime.datetime.combine(
                visit + datetime.timedelta(days=10 + 5 * offset), datetime.time(12)
            )
        )
        if _can_report(director, intervention):
            plan_services.complete_intervention(
                intervention,
                director,
                result="Uitgevoerd binnen de wettelijke termijn.",
                now=completed,
            )
        Intervention.objects.filter(pk=intervention.pk).update(
            deadline=visit
            + datetime.timedelta(days=intervention.finding.finding_type.legal_term_days),
            completed_at=completed,
        )


def _owners(lindehof, house, director, today) -> int:
    """Owners with several problem premises: a property company and a person."""
    problem = list(
        dict.fromkeys(f.address for f in Finding.objects.filter(inspection__area=lindehof))
    )
    business = (
        Business.objects.filter(name__startswith="Vastgoed").order_by("pk").first()
        or Business.objects.order_by("pk").first()
    )
    ownerships = 0
    if business is not None:
        for address in problem[:3]:
            Ownership.objects.create(
                address=address, business=business, since=today - datetime.timedelta(days=900)
            )
            ownerships += 1
    person = (
        Person.objects.filter(cases__host_organisation=house, cases__status__in=OPEN_STATUSES)
        .filter(
            Q(cases__coordinator=director)
            | Q(cases__participations__organisation=director.organisation)
        )
        .order_by("pk")
        .first()
    )
    if person is not None:
        for address in problem[3:6]:
            Ownership.objects.create(
                address=address, person=person, since=today - datetime.timedelta(days=500)
            )
            ownerships += 1
    return ownerships


def _chronicle(lindehof, plan, director, today) -> None:
    for days, title, text in CHRONICLE:
        ChronicleEntry.objects.create(
            area=lindehof,
            date=min(plan.starts_on + datetime.timedelta(days=days), today),
            title=title,
            text=text,
            author=director,
        )


def _resident_reports(premises, rng) -> int:
    """Residents' reports at points in Lindehof and the station area, and at known addresses."""
    reports = 0
    spots = [incident_demo.IMPROVED_AREA["centre"], incident_demo.PLANTED_HOTSPOTS[0]["centre"]]
    for index, (category, text) in enumerate(RESIDENT_REPORTS):
        x, y = spots[index % 2]
        lon, lat = rd_to_wgs84([x + rng.uniform(-150, 150)], [y + rng.uniform(-150, 150)])
        if index % 3 == 2 and premises:
            address = premises[index]
            report = services.submit_resident_report(
                category=category,
                description=text,
                postcode=address.postcode,
                house_number=address.house_number,
                house_number_addition=address.house_number_addition,
            )
        else:
            report = services.submit_resident_report(
                category=category,
                description=text,
                latitude=round(float(lat[0]), 6),
                longitude=round(float(lon[0]), 6),
            )
        # The same seed gives the same references (the service draws them at random).
        code = "".join(rng.choice(REFERENCE_ALPHABET) for _ in range(8))
        ResidentReport.objects.filter(pk=report.pk).update(reference=f"M-{code[:4]}-{code[4:]}")
        reports += 1
    return reports


def _date_follow_up(inspection: JointInspection) -> None:
    """Date the cases and interventions that an inspection's follow-up opened to the day after
    the visit (the services write them at the demo's reference moment), keeping references and
    histories consistent: a case's first history line carries its opening time."""
    moment = timezone.make_aware(
        datetime.datetime.combine(
            inspection.planned_for + datetime.timedelta(days=1), datetime.time(9)
        )
    )
    findings = Finding.objects.filter(inspection=inspection).exclude(intervention=None)
    Intervention.objects.filter(finding__in=findings).update(created_at=moment)
    new_cases = Case.objects.filter(
        pk__in=findings.values("case"), created_at__gt=moment + datetime.timedelta(days=1)
    )
    for case in new_cases:
        Case.objects.filter(pk=case.pk).update(
            created_at=moment, reference=f"C-{moment:%Y}-{case.pk:05d}"
        )
        CaseEvent._base_manager.filter(case=case).update(created_at=moment)
        CaseParticipation.objects.filter(case=case).update(invited_at=moment)


def _can_report(user, intervention) -> bool:
    from schakel.access import policy

    return policy.can_report_on_intervention(user, intervention) and (
        policy.may_see_category(user, intervention.category)
        or intervention.owner_organisation_id == user.organisation_id
    )


def remove() -> None:
    Finding.objects.all().delete()
    JointInspection.objects.all().delete()
    PlanGoal.objects.all().delete()
    HotspotPlan.objects.all().delete()
    Ownership.objects.all().delete()
    ChronicleEntry.objects.all().delete()
    ResidentReport.objects.all().delete()
    AreaBoundary.objects.all().delete()
    Area.objects.filter(name=IMPROVED_AREA_NAME, kind=Area.Kind.OTHER).delete()
