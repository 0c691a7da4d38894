"""The "Mijn werk" page: the user's open work (and, for a team lead, the organisation's)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from schakel.access.policy import leads_organisation_work

from . import selectors, services


@login_required
def my_work(request):
    kind = request.GET.get("soort") or None
    if kind not in selectors.kinds():
        kind = None
    lead = leads_organisation_work(request.user)
    organisation_view = lead and request.GET.get("weergave") == "organisatie"
    if organisation_view:
        every = selectors.organisation_items(request.user)
    else:
        every = selectors.my_items(request.user)
    # The filter offers every kind there is work of, also while one kind is shown.
    kinds = sorted({(item.kind, item.kind_label) for item in every}, key=lambda k: k[1])
    items = [item for item in every if kind is None or item.kind == kind]
    today = timezone.localdate()
    rows = [
        {
            "item": item,
            "overdue": item.is_overdue(today),
            "reassignable": organisation_view and selectors.reassignable(item.kind),
        }
        for item in items
    ]
    colleagues = []
    if organisation_view and any(row["reassignable"] for row in rows):
        colleagues = list(
            get_user_model()
            .objects.filter(organisation_id=request.user.organisation_id, is_active=True)
            .order_by("first_name", "last_name", "username")
        )
    return render(
        request,
        "work/my_work.html",
        {
            "rows": rows,
            "kind": kind,
            "kinds": kinds,
            "lead": lead,
            "organisation_view": organisation_view,
            "colleagues": colleagues,
        },
    )


@require_POST
@login_required
def reassign(request):
    User = get_user_model()  # noqa: N806
    try:
        object_id = int(request.POST.get("object_id", ""))
        to_user = User.objects.get(pk=int(request.POST.get("to_user", "")))
        assignee = request.POST.get("assignee") or None
        assignee_id = int(assignee) if assignee is not None else None
    except (ValueError, User.DoesNotExist):
        messages.error(request, _("Choose a colleague."))
        return redirect("/mijn-werk/?weergave=organisatie")
    try:
        services.reassign(
            request.user, request.POST.get("kind", ""), object_id, to_user, assignee_id=assignee_id
        )
    except (ValidationError, PermissionDenied) as refusal:
        if isinstance(refusal, PermissionDenied) and not leads_organisation_work(request.user):
            raise
        messages.error(request, " ".join(getattr(refusal, "messages", [str(refusal)])))
    else:
        messages.success(request, _("The work is handed to %(name)s.") % {"name": to_user})
    return redirect("/mijn-werk/?weergave=organisatie")
