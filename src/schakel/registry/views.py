from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from schakel.access import policy
from schakel.audit.models import AuditAction, Purpose
from schakel.audit.services import record
from schakel.web.forms import submit

from . import selectors
from .corrections import correct_person
from .forms import PersonCorrectionForm, PersonSearchForm
from .models import Person


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
            "may_correct": policy.may_correct_person(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_correct(request, pk):
    """Correct a person's data with a reason; old and new values go to the audit chain."""
    if not policy.may_correct_person(request.user):
        raise PermissionDenied
    person = Person.objects.visible_to(request.user).select_related("address").filter(pk=pk).first()
    if person is None:
        raise Http404
    if request.method == "POST":
        form = PersonCorrectionForm(request.POST)
        if submit(
            request,
            form,
            lambda data: correct_person(person, by=request.user, **form.correction()),
            success=_("The person's data have been corrected."),
        ):
            return redirect("registry:detail", person.pk)
        status = 400
    else:
        form = PersonCorrectionForm(initial=PersonCorrectionForm.initial_for(person))
        record(
            request.user, AuditAction.VIEW, obj=person, person=person, purpose=Purpose.CORRECTION
        )
        status = 200
    return render(
        request, "registry/person_correct.html", {"person": person, "form": form}, status=status
    )
