"""Public pages for residents, without log-in: report nuisance, answer a neighbourhood survey,
and see a plan's results.

Residents' reports are kept as `ResidentReport`s (not as partner signals): they have no reporting
organisation or professional. The Veiligheidshuis and the area directors see them on the area page
and on the dashboard. The results page shows aggregates only, and only of plans marked public.
"""

from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from schakel.registry.models import Area
from schakel.web.forms import submit

from . import ratelimit, services
from .forms import ReportLookupForm, ResidentReportForm, SurveyAnswerForm
from .models import ResidentReport
from .selectors.participation import get_public_survey, plan_survey_results
from .selectors.public import get_public_plan, public_results
from .views import _map_context

SCOPE = "resident-report"
LOOKUP_SCOPE = "resident-report-lookup"
SURVEY_SCOPE = "neighbourhood-survey"
#: Answers from one sender per hour (a household shares an address, so more than one).
SURVEY_ANSWERS_PER_HOUR = 10
LOOKUPS_PER_HOUR = 30
REFERENCE_KEY = "resident_report_reference"


@require_http_methods(["GET", "POST"])
def report_nuisance(request):
    limited = ratelimit.is_limited(request, SCOPE)
    form = ResidentReportForm(request.POST or None)
    status = 200
    if request.method == "POST":
        # The count decides, not the look before it: simultaneous posts from one sender each
        # take a numbered use, and those past the limit are refused.
        valid = not limited and form.is_valid()
        if limited or (valid and ratelimit.count(request, SCOPE) > ratelimit.REPORTS_PER_HOUR):
            form.is_valid()
            form.add_error(
                None,
                _("You have sent several reports in the last hour. Please try again later."),
            )
            status = 429
        elif valid:
            sent = submit(
                request,
                form,
                lambda data: services.submit_resident_report(**data),
                success=_("Thank you. Your report has been received."),
            )
            if sent:
                # Shown once on the next page, never in a URL (it is the key to the report).
                request.session[REFERENCE_KEY] = sent.result.reference
                return redirect("public:report_thanks")
            status = 400
        else:
            status = 400
    # The map opens on the installation's own areas — the municipality, its districts and
    # neighbourhoods — whose outlines show also without tiles (issue 13: it opened on the whole
    # of the Netherlands, an empty grey box without tiles).
    roots = list(Area.objects.filter(boundary__isnull=False).order_by("pk"))
    return render(
        request,
        "areas/public/report.html",
        {"form": form, **_map_context(areas=roots)},
        status=status,
    )


def report_thanks(request):
    return render(
        request, "areas/public/thanks.html", {"reference": request.session.pop(REFERENCE_KEY, "")}
    )


@require_http_methods(["GET", "POST"])
def report_lookup(request):
    """A resident looks up the state of a report by its reference (a POST: the reference is a
    key). Only the kind, the date and the state are shown, not the text."""
    form = ReportLookupForm(request.POST or None)
    report, status, searched = None, 200, False
    if request.method == "POST":
        if ratelimit.count(request, LOOKUP_SCOPE, LOOKUPS_PER_HOUR) > LOOKUPS_PER_HOUR:
            form.is_valid()
            form.add_error(
                None, _("You have looked up many reports in the last hour. Please try again later.")
            )
            status = 429
        elif form.is_valid():
            searched = True
            report = ResidentReport.objects.filter(reference=form.cleaned_data["reference"]).first()
        else:
            status = 400
    return render(
        request,
        "areas/public/lookup.html",
        {"form": form, "report": report, "searched": searched},
        status=status,
    )


def plan_results(request, pk):
    plan = get_public_plan(pk)
    return render(
        request,
        "areas/public/results.html",
        {"plan": plan, "results": public_results(plan), "surveys": plan_survey_results(plan)},
    )


@require_http_methods(["GET", "POST"])
def survey(request, token):
    """A neighbourhood survey, answered anonymously: no log-in, no cookie of its own, nothing
    about the respondent stored (the rate limit keeps only a salted hash for an hour)."""
    survey = get_public_survey(token)
    today = timezone.localdate()
    is_open = survey.is_open_on(today)
    form = SurveyAnswerForm(request.POST or None, survey=survey)
    status = 200
    if request.method == "POST":
        if not is_open:
            status = 410
        elif (
            ratelimit.count(request, SURVEY_SCOPE, SURVEY_ANSWERS_PER_HOUR)
            > SURVEY_ANSWERS_PER_HOUR
        ):
            form.is_valid()
            form.add_error(
                None, _("Several answers came from your connection this hour. Try again later.")
            )
            status = 429
        elif submit(
            request,
            form,
            lambda _data: services.answer_survey(survey, form.answers(), today=today),
            success=None,
        ):
            return redirect("public:survey_thanks", survey.token)
        else:
            status = 400
    return render(
        request,
        "areas/public/survey.html",
        {"survey": survey, "form": form, "is_open": is_open, "today": today},
        status=status,
    )


def survey_thanks(request, token):
    return render(request, "areas/public/survey_thanks.html", {"survey": get_public_survey(token)})
