from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from schakel.access import policy

from . import selectors
from .forms import PersonSearchForm


@login_required
def person_search(request):
    """POST-only search, so that names and BSNs never end up in URLs or access logs."""
    if not policy.works_on_cases(request.user):
        raise PermissionDenied
    form = PersonSearchForm(request.POST or None)
    results = None
    if request.method == "POST" and form.is_valid():
        results = selectors.search_persons(request.user, form.cleaned_data["query"])
    return render(request, "registry/person_search.html", {"form": form, "results": results})


@login_required
def person_detail(request, pk):
    person = selectors.get_person_for_view(request.user, pk)
    return render(
        request,
        "registry/person_detail.html",
        {
            "person": person,
            **selectors.person_involvement(request.user, person),
        },
    )
