"""Residents and partners in the area approach: neighbourhood surveys and their results, visible
presence, residents' meetings and the partners' sign-offs of a plan.

Survey results follow the small-number rule of the public pages (`public.SMALL_NUMBER`): a
statement answered by fewer than five residents shows no figures at all — neither to residents
nor to professionals, since five answers of a small street can be told apart.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Avg, Count, Q, Sum
from django.http import Http404
from django.utils import timezone

from schakel.access import policy
from schakel.registry.models import Area

from ..models import (
    HotspotPlan,
    NeighbourhoodSurvey,
    Presence,
    SurveyAnswer,
)
from .areas import area_tree_ids
from .public import SMALL_NUMBER


@dataclass
class StatementResult:
    text: str
    theme: str
    agreeing_is_good: bool
    answers: int
    #: Share answering "agree" or "fully agree" (4 or 5), in percent; None when suppressed.
    agree_percent: float | None
    #: Mean on the 1–5 scale; None when suppressed.
    mean: float | None

    @property
    def suppressed(self) -> bool:
        return self.agree_percent is None


@dataclass
class SurveyResults:
    survey: NeighbourhoodSurvey
    respondents: int
    statements: list[StatementResult]

    @property
    def too_few(self) -> bool:
        return self.respondents < SMALL_NUMBER


def survey_results(survey: NeighbourhoodSurvey) -> SurveyResults:
    """Per statement: answers, share agreeing and mean — or nothing when under five answers."""
    respondents = survey.responses.count()
    rows = {
        row["question"]: row
        for row in SurveyAnswer.objects.filter(response__survey=survey)
        .values("question")
        .annotate(n=Count("pk"), agree=Count("pk", filter=Q(value__gte=4)), mean=Avg("value"))
    }
    statements = []
    for question in survey.questions.order_by("order", "pk"):
        row = rows.get(question.pk, {"n": 0, "agree": 0, "mean": None})
        shown = row["n"] >= SMALL_NUMBER
        statements.append(
            StatementResult(
                text=question.text,
                theme=question.get_theme_display(),
                agreeing_is_good=question.agreeing_is_good,
                answers=row["n"],
                agree_percent=100.0 * row["agree"] / row["n"] if shown else None,
                mean=float(row["mean"]) if shown else None,
            )
        )
    return SurveyResults(survey=survey, respondents=respondents, statements=statements)


def surveys_in(area: Area, tree: list[int] | None = None):
    tree = tree or area_tree_ids(area)
    return NeighbourhoodSurvey.objects.filter(area_id__in=tree).select_related("area")


def area_survey_results(area: Area, tree: list[int] | None = None, limit: int = 4) -> list:
    """The latest surveys of the area and the areas inside it, with their results."""
    return [survey_results(s) for s in surveys_in(area, tree).order_by("-opens_on", "-pk")[:limit]]


def plan_survey_results(plan: HotspotPlan) -> list[dict]:
    """Surveys of the plan's area from a year before the plan to its end, oldest first, each
    marked as before or during the plan — the residents' side of the before/after picture."""
    year_before = plan.starts_on - datetime.timedelta(days=365)
    surveys = (
        surveys_in(plan.area)
        .filter(closes_on__gte=year_before, opens_on__lte=plan.ends_on)
        .order_by("opens_on", "pk")
    )
    return [{"results": survey_results(s), "before": s.closes_on < plan.starts_on} for s in surveys]


def get_survey(user, pk) -> NeighbourhoodSurvey:
    if not policy.may_use_area_approach(user):
        raise Http404
    try:
        return NeighbourhoodSurvey.objects.select_related("area").get(pk=pk)
    except (NeighbourhoodSurvey.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_public_survey(token: str) -> NeighbourhoodSurvey:
    try:
        return NeighbourhoodSurvey.objects.select_related("area").get(token=str(token))
    except NeighbourhoodSurvey.DoesNotExist:
        raise Http404 from None


# --- Visible presence ------------------------------------------------------------------------

#: The area map shows presence of the last this many days.
PRESENCE_MAP_DAYS = 90


def presence_in(area: Area, tree: list[int] | None = None):
    tree = tree or area_tree_ids(area)
    return Presence.objects.filter(area_id__in=tree)


def presence_summary(
    area: Area,
    start: datetime.date,
    end: datetime.date,
    tree: list[int] | None = None,
) -> dict:
    """Presence per kind between two days (inclusive): times and hours. No names: who was
    present is the organisation, not the person."""
    since = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))
    until = timezone.make_aware(
        datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min)
    )
    rows = (
        presence_in(area, tree)
        .filter(started_at__gte=since, started_at__lt=until)
        .values("kind")
        .annotate(times=Count("pk"), minutes=Sum("minutes"))
        .order_by("kind")
    )
    labels = dict(Presence.Kind.choices)
    kinds = [
        {"kind": labels.get(r["kind"], r["kind"]), "times": r["times"], "hours": r["minutes"] / 60}
        for r in rows
    ]
    return {
        "start": start,
        "end": end,
        "kinds": kinds,
        "times": sum(k["times"] for k in kinds),
        "hours": sum(k["hours"] for k in kinds),
    }


def recent_presence(area: Area, tree: list[int] | None = None, days: int = PRESENCE_MAP_DAYS):
    since = timezone.now() - datetime.timedelta(days=days)
    return (
        presence_in(area, tree)
        .filter(started_at__gte=since)
        .select_related("organisation", "area")
        .order_by("-started_at")
    )


def presence_geojson(area: Area, tree: list[int] | None = None) -> dict:
    """Presence with a location as GeoJSON points for the area map: kind, day, duration and the
    organisation — never who logged it."""
    features = []
    for presence in recent_presence(area, tree).filter(latitude__isnull=False):
        local = timezone.localtime(presence.started_at)
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [round(presence.longitude, 6), round(presence.latitude, 6)],
                },
                "properties": {
                    "kind": presence.kind,
                    "kind_label": str(presence.get_kind_display()),
                    "date": local.date().isoformat(),
                    "minutes": presence.minutes,
                    "organisation": presence.organisation.name,
                    "place": presence.place,
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}
