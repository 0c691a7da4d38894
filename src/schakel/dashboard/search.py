"""One search box for what the user may see (issue 12): cases as the case list finds them
(reference, title, person's surname, postcode), signals by
reference, case conferences by title, persons by name or BSN. Always a POST, so that a term never
reaches a URL or an access log; every part goes through its own app's `visible_to`, and persons
through the person search, which audits each person shown."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from schakel.access import policy
from schakel.audit.models import AuditAction
from schakel.audit.services import record
from schakel.cases.selectors import search_cases
from schakel.conferences.models import Conference
from schakel.intake.models import Signal
from schakel.registry.selectors import search_persons

LIMIT = 20


class GlobalSearchForm(forms.Form):
    query = forms.CharField(
        label=_("Search"),
        min_length=2,
        max_length=100,
        error_messages={"min_length": _("Type at least 2 characters.")},
    )


def search_everything(user, query: str) -> dict:
    query = query.strip()
    cases = search_cases(user, query)[:LIMIT]  # the case list's own search, the same rule
    signals = (
        Signal.objects.visible_to(user)
        .filter(reference__iexact=query)
        .select_related("category")
        .order_by("-created_at")[:LIMIT]
    )
    conferences = (
        Conference.objects.visible_to(user)
        .filter(title__icontains=query)
        .order_by("-starts_at")[:LIMIT]
    )
    results = {
        "cases": list(cases),
        "signals": list(signals),
        "conferences": list(conferences),
        "persons": search_persons(user, query, limit=LIMIT),  # audits each person shown
    }
    record(
        user,
        AuditAction.SEARCH,
        object_type="search",
        detail=", ".join(f"{len(found)} {kind}" for kind, found in results.items()),
    )
    return results


@login_required
@require_http_methods(["GET", "POST"])
def search(request):
    # Every part is filtered by its own visible_to; this only spares other roles an empty page.
    if not policy.works_on_cases(request.user):
        raise PermissionDenied
    form = GlobalSearchForm(request.POST or None)
    results, status = None, 200
    if request.method == "POST":
        if form.is_valid():
            results = search_everything(request.user, form.cleaned_data["query"])
        else:
            status = 400
    return render(
        request, "dashboard/search.html", {"form": form, "results": results}, status=status
    )
