"""Linkage pages: runs, the clerical review queue, identities, and "already known?"."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from schakel.access import policy
from schakel.web.forms import submit

from . import elsewhere, reasons, selectors, services
from .forms import AlreadyKnownForm, DecisionForm, RunForm
from .models import CandidatePair


@login_required
def index(request):
    runs = selectors.runs_for_list(request.user)[:20]
    return render(
        request,
        "linkage/index.html",
        {
            "runs": runs,
            "form": RunForm(),
            "pending": selectors.pending_pairs(request.user).count(),
        },
    )


@login_required
@require_POST
def start_run(request):
    """Start a run over the registry as a background job; its page shows the progress and ends
    with the pairs found."""
    form = RunForm(request.POST)
    outcome = submit(
        request,
        form,
        lambda data: services.queue_registry_run(
            by=request.user,
            lower_threshold=data["lower_threshold"],
            upper_threshold=data["upper_threshold"],
            link_above_upper=data["link_above_upper"],
        ),
    )
    if outcome:
        return redirect("jobs:detail", pk=outcome.result.pk)
    runs = selectors.runs_for_list(request.user)[:20]
    pending = selectors.pending_pairs(request.user).count()
    return render(
        request, "linkage/index.html", {"runs": runs, "form": form, "pending": pending}, status=400
    )


@login_required
def queue(request):
    pending = Paginator(selectors.pending_pairs(request.user), 25).get_page(request.GET.get("page"))
    for pair in pending:
        pair.doubt = reasons.strongest_against(pair.reasons)
    decided = selectors.decided_pairs(request.user)[:25]
    return render(request, "linkage/queue.html", {"page": pending, "decided": decided})


@login_required
def pair_detail(request, pk):
    pair = selectors.get_pair_for_review(request.user, pk)
    form = DecisionForm()
    return _render_pair(request, pair, form)


def _render_pair(request, pair, form, status=200):
    return render(
        request,
        "linkage/pair_detail.html",
        {
            "pair": pair,
            "rows": selectors.side_by_side(pair),
            "reasons": reasons.explain(pair.reasons),
            "form": form,
        },
        status=status,
    )


# The reviewer's choice on the decision form, and the service that records it.
DECISIONS = {
    "accept": services.accept_pair,
    "reject": services.reject_pair,
    "undo": services.undo_decision,
}


@login_required
@require_POST
def pair_decide(request, pk):
    pair = selectors.get_pair_for_review(request.user, pk)
    form = DecisionForm(request.POST)
    decided = submit(
        request,
        form,
        lambda data: DECISIONS[data["decision"]](pair=pair, by=request.user),
        success=lambda pair: (
            _("Decision saved: %(status)s.") % {"status": pair.get_status_display()}
        ),
    )
    if decided:
        pair = decided.result
        if pair.status != CandidatePair.Status.PENDING:
            following = selectors.pending_pairs(request.user).first()
            if following is not None:
                return redirect("linkage:pair", following.pk)
            return redirect("linkage:queue")
        return redirect("linkage:pair", pair.pk)
    return _render_pair(request, pair, form, status=400)


@login_required
def identity(request, pk):
    person, members, cases = selectors.identity_for_view(request.user, pk)
    return render(
        request,
        "linkage/identity.html",
        {"person": person, "members": members, "cases": cases},
    )


@login_required
def already_known(request):
    """POST only for the question itself, so that names and BSNs stay out of URLs and logs."""
    if not policy.works_on_cases(request.user):
        raise PermissionDenied
    form = AlreadyKnownForm(request.POST if request.method == "POST" else None)

    def ask(data):
        # The local question first: its checks, limit and audit hold for the other
        # Veiligheidshuizen too (`elsewhere`); a refusal stops both.
        answer = services.already_known(by=request.user, **data)
        return answer, elsewhere.ask(by=request.user, **data)

    asked = submit(request, form, ask)
    answer, known_elsewhere = asked.result if asked else (None, [])
    return render(
        request,
        "linkage/already_known.html",
        {"form": form, "answer": answer, "elsewhere": known_elsewhere},
    )
