"""The privacy officer's screens: the audit log, a person's entries and export, chain checks.

Only auditors get in; `auditor_required` is the single gate for every view in this module.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from schakel.access import policy
from schakel.audit.checkpoints import CHECKPOINT_REASONS
from schakel.audit.selectors import verify_stored_chain
from schakel.audit.truncation import entries_to_remove
from schakel.lib.csvfiles import SafeWriter

from . import access_request as access_requests
from . import retention as retention_schedule
from . import selectors
from .destruction import audit_cutoff
from .forms import AuditFilterForm, PersonLookupForm
from .labels import label_entries
from .models import DestructionRecord

PAGE_SIZE = 50
CHAIN_CHECK_SESSION_KEY = "audit_chain_check"
MAX_BREAKS_SHOWN = 20


def auditor_required(view):
    """Log-in first; then only the privacy officer / auditor, everyone else gets 403."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not policy.may_read_audit_log(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _last_chain_check(request) -> dict | None:
    check = request.session.get(CHAIN_CHECK_SESSION_KEY)
    if not check:
        return None
    return {**check, "at": parse_datetime(check["at"])}


@auditor_required
@require_GET
def entry_list(request):
    form = AuditFilterForm(request.GET or None)
    filters = {}
    if form.is_bound:
        form.is_valid()  # runs validation: valid fields filter, invalid ones show their error
        filters = form.filters()
    page = Paginator(selectors.filter_entries(**filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    entries = list(page.object_list)  # read before this read itself is logged
    label_entries(entries)
    selectors.record_log_read(
        request.user,
        filters_used=sorted(filters),
        page_number=page.number,
        person_id=filters.get("person_id"),
    )
    return render(
        request,
        "privacy/entry_list.html",
        {
            "form": form,
            "page_obj": page,
            "entries": entries,
            "chain_check": _last_chain_check(request),
        },
    )


@auditor_required
@require_POST
def verify_chain(request):
    report = verify_stored_chain(write_checkpoint_when_intact=True)
    request.session[CHAIN_CHECK_SESSION_KEY] = {
        "at": timezone.now().isoformat(),
        "checked": report.checked,
        "checkpoints": report.checkpoints_compared,
        "checkpoint_broken": any(b.reason in CHECKPOINT_REASONS for b in report.breaks),
        "break_count": len(report.breaks),
        "breaks": [
            {"entry_id": b.entry_id, "reason": b.reason} for b in report.breaks[:MAX_BREAKS_SHOWN]
        ],
    }
    if report.is_intact:
        messages.success(
            request,
            ngettext(
                "The audit chain is intact (%(count)d entry checked).",
                "The audit chain is intact (%(count)d entries checked).",
                report.checked,
            )
            % {"count": report.checked},
        )
    else:
        messages.error(
            request,
            ngettext(
                "The audit chain is broken: %(count)d problem found.",
                "The audit chain is broken: %(count)d problems found.",
                len(report.breaks),
            )
            % {"count": len(report.breaks)},
        )
    return redirect("privacy:list")


@auditor_required
@require_http_methods(["GET", "POST"])
def person_lookup(request):
    """POST only for the search itself: a BSN or name never ends up in a URL."""
    results = None
    if request.method == "POST":
        form = PersonLookupForm(request.POST)
        if form.is_valid():
            results = selectors.lookup_persons(
                request.user, bsn=form.cleaned_data["bsn"], name=form.cleaned_data["name"]
            )
            if len(results) == 1:
                return redirect("privacy:person", person_id=results[0].pk)
    else:
        form = PersonLookupForm()
    return render(
        request,
        "privacy/person_lookup.html",
        {"form": form, "results": results, "max_results": selectors.MAX_LOOKUP_RESULTS},
    )


@auditor_required
@require_GET
def person_entries(request, person_id: int):
    person = selectors.get_person_for_audit(request.user, person_id)
    entries = selectors.entries_about_person(person_id).order_by("-id")
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    label_entries(page.object_list)
    return render(
        request,
        "privacy/person_entries.html",
        {"person": person, "person_id": person_id, "page_obj": page},
    )


class _Echo:
    """A file-like object whose write returns the line, for streaming csv.writer output."""

    def write(self, value):
        return value


@auditor_required
@require_GET
def person_export(request, person_id: int):
    """Every entry about one person as CSV, for a data subject's access request (audited)."""
    entries = selectors.export_entries_about_person(request.user, person_id)
    header = [
        _("Entry"),
        _("When"),
        _("Who"),
        _("On behalf of"),
        _("Role"),
        _("Action"),
        _("Object type"),
        _("Object id"),
        _("Person id"),
        _("Purpose"),
        _("Detail"),
    ]

    def rows():
        yield header
        for entry in entries:
            yield [
                entry.pk,
                timezone.localtime(entry.timestamp).isoformat(timespec="seconds"),
                entry.username,
                entry.organisation_name,
                entry.role,
                entry.action,
                entry.object_type,
                entry.object_id,
                entry.person_id_ref,
                entry.purpose,
                entry.detail,
            ]

    writer = SafeWriter(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in rows()), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="audit-persoon-{person_id}.csv"'
    response["Cache-Control"] = "no-store"
    return response


@auditor_required
@require_GET
def retention(request):
    """The retention schedule, what the next run would destroy, and the destruction log.

    Nothing here is personal data (ids, references, dates and counts), so reading it is not
    logged as a read of personal data.
    """
    page = Paginator(DestructionRecord.objects.all(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "privacy/retention.html",
        {
            "schedule": retention_schedule.schedule(),
            "preview": retention_schedule.expired_records(),
            "audit_prefix": entries_to_remove(audit_cutoff()),
            "page_obj": page,
        },
    )


@auditor_required
@require_GET
def access_request(request, person_id: int):
    """One ZIP of everything Schakel holds about a person and who looked at it (audited)."""
    try:
        content = access_requests.export_person(request.user, person_id)
    except access_requests.Person.DoesNotExist:
        raise Http404 from None
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = (
        f'attachment; filename="inzageverzoek-persoon-{person_id}.zip"'
    )
    response["Cache-Control"] = "no-store"
    return response
