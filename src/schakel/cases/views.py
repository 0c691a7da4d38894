"""Case pages: list and search, the case dossier, and the forms that change a case."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from schakel.access import policy
from schakel.audit.models import AuditAction, Purpose
from schakel.audit.services import record_shown
from schakel.registry.forms import (
    AddressSubjectForm,
    PersonSubjectForm,
    attach_establish_forms,
    submit_establish,
)
from schakel.registry.models import ReportedSubject
from schakel.registry.selectors import statements_for_view
from schakel.registry.subjects import statement_from_forms
from schakel.triage.forms import TriageForm
from schakel.web.forms import submit

from . import selectors, services
from .forms import CaseSearchForm, EndParticipationForm, InviteForm, NoteForm, StatusForm


@login_required
def case_list(request):
    """Searching is a POST so that names and postcodes never appear in a URL."""
    if not policy.works_on_cases(request.user):
        raise PermissionDenied
    form = CaseSearchForm(request.POST or None)
    query, status = "", request.GET.get("status", "")
    if request.method == "POST" and form.is_valid():
        query, status = form.cleaned_data["query"], form.cleaned_data["status"]
    cases = selectors.search_cases(request.user, query=query, status=status)
    page = Paginator(cases.prefetch_related("persons"), 25).get_page(request.GET.get("page"))
    action = AuditAction.SEARCH if query else AuditAction.LIST
    # The list (how many it found), then each case listed with its persons (a search by surname
    # shows who is in which case): one insert.
    record_shown(
        request.user,
        action,
        [(case, case.persons.all()) for case in page],
        listed={"object_type": "cases.case", "detail": f"{page.paginator.count} casussen"},
    )
    return render(request, "cases/case_list.html", {"form": form, "page": page, "query": query})


def _statements(user, case, refused=None) -> list[dict]:
    """The case's reported subjects: in full, with candidates and decision forms while the case
    is open, for the hosting house's staff; as typed for the organisation that reported them."""
    full = policy.can_establish_case_subjects(user, case)
    establishes = full and case.is_open
    items = statements_for_view(
        user,
        case.reported_subjects.select_related("person"),
        full=full,
        candidates=establishes,
        obj=case,
    )
    return attach_establish_forms(items, refused) if establishes else items


# The case page in sections, each with its own URL (and tab in the section navigation), so a
# section reads only what it shows: (name, URL name, title, shows persons).
SECTIONS = [
    ("overview", "cases:detail", gettext_lazy("Overview"), False),
    ("persons", "cases:persons", gettext_lazy("Persons and addresses"), True),
    ("plan", "cases:plan", gettext_lazy("Action plan"), False),
    ("conferences", "cases:conferences", gettext_lazy("Case conferences"), False),
    ("notes", "cases:notes", gettext_lazy("Notes"), False),
    # Served by `documents` (a layer above): named here by its URL only.
    ("documents", "documents:case", gettext_lazy("Documents"), False),
    ("history", "cases:history", gettext_lazy("History"), False),
]
_SHOWS_PERSONS = {name: persons for name, _url, _title, persons in SECTIONS}
# The section that holds each form, for showing it again with its errors.
_FORM_SECTION = {
    "note_form": "notes",
    "person_form": "persons",
    "address_form": "persons",
    "establish": "persons",
}


def _detail_context(request, case, section="overview", **forms):
    user = request.user
    can_manage = policy.can_manage_case(user, case)
    context = {
        "case": case,
        "section": section,
        "sections": [(name, url, title) for name, url, title, _persons in SECTIONS],
        "dossier": selectors.case_dossier(user, case),
        "can_manage": can_manage,
    }
    if section in ("persons", "print"):
        context["statements"] = _statements(user, case, forms.get("establish"))
    if section == "notes":
        context["note_form"] = forms.get("note_form") or NoteForm(user=user)
    if not (can_manage and case.is_open):
        return context
    if section == "overview":
        context.update(
            invite_form=forms.get("invite_form") or InviteForm(case=case, user=user),
            status_form=forms.get("status_form") or StatusForm(case=case, user=user),
            rescale_form=forms.get("rescale_form")
            or TriageForm(
                user=user,
                with_criteria=False,
                initial={"level": case.level, "lead_organisation": case.lead_organisation},
            ),
        )
    if section == "persons":
        context.update(
            person_form=forms.get("person_form") or PersonSubjectForm(prefix="person"),
            address_form=forms.get("address_form") or AddressSubjectForm(prefix="address"),
        )
    return context


def _section_view(section):
    @login_required
    def view(request, pk):
        case = selectors.get_case_for_view(request.user, pk, shows_persons=_SHOWS_PERSONS[section])
        return render(
            request, f"cases/case_{section}.html", _detail_context(request, case, section)
        )

    view.__name__ = view.__qualname__ = f"case_{section}"
    return view


case_detail = _section_view("overview")
_case_persons_page = _section_view("persons")
case_plan = _section_view("plan")
case_conferences = _section_view("conferences")
case_history = _section_view("history")
_case_notes_page = _section_view("notes")


@login_required
def case_print(request, pk):
    case = selectors.get_case_for_view(request.user, pk, action=AuditAction.PRINT)
    context = _detail_context(request, case, "print")
    return render(request, "cases/case_print.html", {**context, "printing": True})


def _managed_case(request, pk):
    case = selectors.get_case_for_view(request.user, pk, purpose=Purpose.CASE_DIRECTION)
    return case


def _case_to_manage(request, pk):
    """A case the user sees (else 404) and manages (else 403)."""
    case = _managed_case(request, pk)
    if not policy.can_manage_case(request.user, case):
        raise PermissionDenied
    return case


def _rerender(request, case, **forms):
    """The section with the form that was sent, showing what is wrong with it."""
    section = next((_FORM_SECTION[f] for f in forms if f in _FORM_SECTION), "overview")
    context = _detail_context(request, case, section, **forms)
    return render(request, f"cases/case_{section}.html", context, status=400)


@login_required
@require_POST
def case_invite(request, pk):
    case = _case_to_manage(request, pk)
    form = InviteForm(request.POST, case=case, user=request.user)
    if submit(
        request,
        form,
        lambda data: services.invite_organisation(case, by=request.user, **data),
        success=lambda _participation: (
            _("%(org)s now takes part in the case.") % {"org": form.cleaned_data["organisation"]}
        ),
    ):
        return redirect("cases:detail", case.pk)
    return _rerender(request, case, invite_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def case_end_participation(request, pk, participation_pk):
    """Ask for the reason and a confirmation, then end the participation."""
    case = _case_to_manage(request, pk)
    participation = get_object_or_404(
        case.participations.readable_by(request.user), pk=participation_pk
    )
    if participation.ended_at is not None:  # a second submit, or an old tab
        messages.info(request, _("This participation has already ended."))
        return redirect("cases:detail", case.pk)
    form = EndParticipationForm(
        request.POST if request.method == "POST" else None, user=request.user
    )
    if submit(
        request,
        form,
        lambda data: services.end_participation(
            participation,
            by=request.user,
            reason=data["reason"],
            reason_category=data["reason_category"],
        ),
        success=_("Participation ended."),
    ):
        return redirect("cases:detail", case.pk)
    return render(
        request,
        "cases/end_participation.html",
        {"case": case, "participation": participation, "form": form},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def case_status(request, pk):
    case = _case_to_manage(request, pk)
    form = StatusForm(request.POST, case=case, user=request.user)
    if submit(
        request,
        form,
        lambda data: services.change_status(case, by=request.user, **data),
        success=_("The status has been changed."),
    ):
        return redirect("cases:detail", case.pk)
    return _rerender(request, case, status_form=form)


@login_required
@require_POST
def case_rescale(request, pk):
    case = _managed_case(request, pk)
    form = TriageForm(request.POST, user=request.user, with_criteria=False)
    if submit(
        request,
        form,
        lambda data: services.rescale_case(
            case,
            by=request.user,
            level=data["level"],
            lead_organisation=data["lead_organisation"],
            reason=data["reason"],
            reason_category=data["reason_category"],
            review_date=data["review_date"],
        ),
        success=_("The escalation level has been recorded."),
    ):
        return redirect("cases:detail", case.pk)
    return _rerender(request, case, rescale_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def case_notes(request, pk):
    """The notes section; a POST adds a note."""
    if request.method != "POST":
        return _case_notes_page(request, pk)
    return case_add_note(request, pk)


@login_required
@require_POST
def case_add_note(request, pk):
    case = _managed_case(request, pk)
    form = NoteForm(request.POST, user=request.user)
    if submit(
        request,
        form,
        lambda data: services.add_note(case, by=request.user, **data),
        success=_("The note has been added."),
    ):
        return redirect("cases:notes", case.pk)
    return _rerender(request, case, note_form=form)


@transaction.atomic
def _add_subjects(user, case, person_form, address_form) -> None:
    """Keep what was typed as a reported subject of the case; nobody is looked up (the
    hosting Veiligheidshuis establishes who it is)."""
    statement = statement_from_forms(person_form, address_form, by=user)
    services.add_reported_subjects(
        case,
        by=user,
        statements=[statement],
        addresses=[statement.address] if statement.address else [],
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_subjects(request, pk):
    """The persons and addresses section; a POST adds a person or address as reported."""
    if request.method != "POST":
        return _case_persons_page(request, pk)
    return case_add_subjects(request, pk)


@login_required
@require_POST
def case_add_subjects(request, pk):
    case = _managed_case(request, pk)
    person_form = PersonSubjectForm(request.POST, prefix="person")
    address_form = AddressSubjectForm(request.POST, prefix="address")
    if person_form.is_valid() and address_form.is_valid():
        if not (person_form.has_person() or address_form.has_address()):
            person_form.add_error(None, _("Enter a person or an address."))
        elif submit(
            request,
            person_form,
            lambda _data: _add_subjects(request.user, case, person_form, address_form),
            success=_("The case subjects have been added."),
        ):
            return redirect("cases:persons", case.pk)
    return _rerender(request, case, person_form=person_form, address_form=address_form)


@login_required
@require_POST
def case_establish_subject(request, pk, statement_pk):
    """Link a reported subject to a known person, or register a new person from it."""
    case = _managed_case(request, pk)
    if not policy.can_establish_case_subjects(request.user, case):
        raise PermissionDenied
    statement = get_object_or_404(ReportedSubject.objects.filter(cases=case), pk=statement_pk)
    done, form = submit_establish(
        request,
        statement,
        lambda person: services.establish_case_subject(
            case, statement, by=request.user, person=person
        ),
    )
    if done:
        return redirect("cases:persons", case.pk)
    return _rerender(request, case, establish=(statement.pk, form))
