"""Demo data of residents and commitment in the area approach (issue 13), on top of `demo.areas`.

- sign-offs by the partners' management and a steering group for both plans; in the
  Stationskwartier the municipality has not signed yet;
- residents' meetings with agreements in Lindehof;
- neighbourhood surveys: a baseline in Lindehof before its plan and one during it (safety up,
  but trust in the approach *down* — the demo is not tuned to look good), and an open survey at
  the Stationsplein with three answers, which shows no figures (fewer than five);
- visible presence of the wijkagent and handhaving in the last two months, on the area maps;
- lessons: what worked in Lindehof, and what did not at the Stationsplein.

Everything is fiction; the same seed and reference date give the same data.
"""

import datetime
import random

from django.utils import timezone

from schakel.analytics.polygons import rd_to_wgs84
from schakel.areas.models import (
    HotspotPlan,
    NeighbourhoodSurvey,
    PlanCommitment,
    Presence,
    ResidentsMeeting,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
)
from schakel.organisations.models import Organisation, OrganisationKind, User

from . import incidents as incident_demo
from .areas import DIRECTOR

LINDEHOF_LESSONS = (
    "Vaste controle-avonden met alle partners tegelijk: eigenaren merkten dat het menens was. "
    "Jongerenwerk en buurtbemiddeling vanaf de eerste week, niet pas na de handhaving.",
    "Het cameratoezicht kwam pas na acht maanden; het vertrouwen van bewoners in de aanpak "
    "bleef achter bij de daling van de overlast (zie de buurtpeiling).",
)
STATION_LESSONS = (
    "",
    "De extra surveillance verplaatste het dealen naar de fietsenstalling; de gemeente heeft de "
    "aanpak nog niet ondertekend, zodat de beheermaatregelen (verlichting, stalling) uitbleven.",
)


def _org(kind: str) -> Organisation | None:
    return Organisation.objects.filter(kind=kind, is_active=True).order_by("pk").first()


def _commitments(plan, director, rows, today) -> None:
    for kind, function, days_ago, mandate in rows:
        organisation = _org(kind)
        if organisation is None:
            continue
        PlanCommitment.objects.create(
            plan=plan,
            organisation=organisation,
            signed_by=function,
            signed_on=max(plan.starts_on, today - datetime.timedelta(days=days_ago)),
            mandate=mandate,
            recorded_by=director,
        )


def _survey(area, director, title, opens_on, closes_on, answers_by_theme, n, rng, today) -> int:
    """A survey with `n` respondents; each statement's answers drawn around the theme's mean."""
    # The public link's key from the seed, so that the same seed gives the same demo.
    token = "".join(rng.choice("abcdefghijkmnpqrstuvwxyz23456789") for _ in range(16))
    survey = NeighbourhoodSurvey.objects.create(
        area=area,
        title=title,
        opens_on=opens_on,
        closes_on=closes_on,
        created_by=director,
        token=token,
    )
    questions = list(SurveyQuestion.objects.filter(is_active=True))
    survey.questions.set(questions)
    days = max((min(closes_on, today) - opens_on).days, 0)
    for _ in range(n):
        response = SurveyResponse.objects.create(
            survey=survey, answered_on=opens_on + datetime.timedelta(days=rng.randint(0, days))
        )
        answers = []
        for question in questions:
            if rng.random() < 0.08:
                continue  # "don't know"
            mean = answers_by_theme[question.theme]
            if not question.agreeing_is_good:
                mean = 6 - mean
            value = min(5, max(1, round(rng.gauss(mean, 0.9))))
            answers.append(SurveyAnswer(response=response, question=question, value=value))
        SurveyAnswer.objects.bulk_create(answers)
    return n


def _presence(area_centre, area, rng, today) -> int:
    police, municipality = _org(OrganisationKind.POLICE), _org(OrganisationKind.MUNICIPALITY)
    wijkagent = User.objects.filter(username="politie").first()
    handhaver = (
        User.objects.filter(organisation=municipality, job_title="Handhaver").first()
        if municipality
        else None
    ) or User.objects.filter(username=DIRECTOR).first()
    rows = []
    for day in range(1, 60):
        for kind, who, org, chance in (
            (Presence.Kind.FOOT_PATROL, wijkagent, police, 0.35),
            (Presence.Kind.FOOT_PATROL, handhaver, municipality, 0.2),
            (Presence.Kind.SURGERY, wijkagent, police, 0.07),
        ):
            if who is None or org is None or rng.random() > chance:
                continue
            x = area_centre[0] + rng.uniform(-250, 250)
            y = area_centre[1] + rng.uniform(-250, 250)
            lon, lat = rd_to_wgs84([x], [y])
            hour = 10 + rng.randint(0, 10)
            started = timezone.make_aware(
                datetime.datetime.combine(
                    today - datetime.timedelta(days=day), datetime.time(hour, 0)
                )
            )
            rows.append(
                Presence(
                    area=area,
                    organisation=org,
                    logged_by=who,
                    kind=kind,
                    place="Buurthuis" if kind == Presence.Kind.SURGERY else "",
                    started_at=started,
                    minutes=60 if kind == Presence.Kind.SURGERY else rng.choice((30, 60, 90)),
                    latitude=round(float(lat[0]), 6),
                    longitude=round(float(lon[0]), 6),
                )
            )
    Presence.objects.bulk_create(rows)
    return len(rows)


def load(seed: int, today: datetime.date) -> dict:
    rng = random.Random(seed + 47)
    director = User.objects.get(username=DIRECTOR)
    plans = {plan.title: plan for plan in HotspotPlan.objects.select_related("area")}
    lindehof_plan = plans.get("Gebiedsaanpak Lindehof")
    station_plan = plans.get("Aanpak Stationsplein")
    surveys = presence = 0
    if lindehof_plan is not None:
        plan = lindehof_plan
        plan.steering_group = (
            "Burgemeester (voorzitter), teamchef politie, officier van justitie, directeur "
            "woningcorporatie, manager Veiligheidshuis"
        )
        plan.what_worked, plan.what_did_not_work = LINDEHOF_LESSONS
        plan.save()
        _commitments(
            plan,
            director,
            [
                (OrganisationKind.SAFETY_HOUSE, "manager Veiligheidshuis", 380, "Regie en 16 uur per week procesregie"),
                (OrganisationKind.POLICE, "teamchef basisteam", 375, "Twee wijkagenten, vaste controle-avonden"),
                (OrganisationKind.MUNICIPALITY, "burgemeester", 372, "Bestuurlijke handhaving (art. 13b Opiumwet, Huisvestingswet), jongerenwerk"),
                (OrganisationKind.HOUSING, "directeur wonen", 360, "Huurconsulent, ontruimingen waar nodig"),
            ],
            today,
        )  # fmt: skip
        for days_after, participants, agreements, follow_up in (
            (20, "18 bewoners, bewonerscommissie, wijkagent, gebiedsregisseur", "Meldingen via het meldformulier; maandelijks spreekuur van de wijkagent in het buurthuis.", "Spreekuur gestart"),
            (190, "11 bewoners, woningcorporatie, jongerenwerk", "Extra verlichting in het steegje achter de Lindelaan; jongerenwerk op vrijdagavond.", "Verlichting aangevraagd bij de gemeente"),
        ):  # fmt: skip
            ResidentsMeeting.objects.create(
                plan=plan,
                held_on=plan.starts_on + datetime.timedelta(days=days_after),
                participants=participants,
                agreements=agreements,
                follow_up=follow_up,
                recorded_by=director,
            )
        surveys += _survey(
            plan.area,
            director,
            "Nulmeting Lindehof",
            plan.starts_on - datetime.timedelta(days=60),
            plan.starts_on - datetime.timedelta(days=30),
            {"veiligheid": 2.4, "overlast": 2.1, "vertrouwen": 3.1, "overig": 3.0},
            42,
            rng,
            today,
        )
        surveys += _survey(
            plan.area,
            director,
            "Buurtpeiling Lindehof",
            today - datetime.timedelta(days=100),
            today - datetime.timedelta(days=70),
            # Safer and less nuisance, but trust in the approach got worse.
            {"veiligheid": 3.3, "overlast": 3.0, "vertrouwen": 2.5, "overig": 3.0},
            37,
            rng,
            today,
        )
        presence += _presence(incident_demo.IMPROVED_AREA["centre"], plan.area, rng, today)
    if station_plan is not None:
        plan = station_plan
        plan.steering_group = "Burgemeester, teamchef politie, NS/ProRail (beoogd)"
        plan.what_worked, plan.what_did_not_work = STATION_LESSONS
        plan.save()
        _commitments(
            plan,
            director,
            [(OrganisationKind.POLICE, "teamchef basisteam", 80, "Extra surveillance in de avonduren")],
            today,
        )  # fmt: skip
        surveys += _survey(
            plan.area,
            director,
            "Buurtpeiling Stationskwartier",
            today - datetime.timedelta(days=5),
            today + datetime.timedelta(days=25),
            {"veiligheid": 2.2, "overlast": 2.0, "vertrouwen": 2.6, "overig": 3.0},
            3,
            rng,
            today,
        )
    return {
        "plan sign-offs": PlanCommitment.objects.count(),
        "residents' meetings": ResidentsMeeting.objects.count(),
        "survey responses": surveys,
        "presence logged": presence,
    }


def remove() -> None:
    Presence.objects.all().delete()
    NeighbourhoodSurvey.objects.all().delete()  # with their responses and answers
    PlanCommitment.objects.all().delete()
    ResidentsMeeting.objects.all().delete()
