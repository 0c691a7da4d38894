"""Public pages for residents, without log-in: report nuisance, and see a plan's results.

Residents' reports are kept as `ResidentReport`s (not as partner signals): they have no reporting
organisation or professional. The Veiligheidshuis and the area directors see them on the area page
and on the dashboard. The results page shows aggregates only, and only of plans marked public.
"""

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from schakel.registry.models import Area
from schakel.web.forms import submit

from . import ratelimit, services
from .forms import ResidentReportForm
from .selectors.public import get_public_plan, public_results
from .views import _map_context

SCOPE = "resident-report"


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
            if submit(
                request,
                form,
                lambda data: services.submit_resident_report(**data),
                success=_("Thank you. Your report has been received."),
            ):
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
    return render(request, "areas/public/thanks.html")


def plan_results(request, pk):
    plan = get_public_plan(pk)
    return render(
        request,
        "areas/public/results.html",
        {"plan": plan, "results": public_results(plan)},
    )
