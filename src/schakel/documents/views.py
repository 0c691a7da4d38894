"""Documents: the case page's documents section, a signal's and an intervention's documents, an
inspection's photos and documents, a hot-spot plan's documents, and the one way a file leaves
Schakel — the audited download."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from schakel.access import policy
from schakel.areas.models import JointInspection
from schakel.areas.selectors.plans import get_plan
from schakel.audit.models import AuditAction, Purpose
from schakel.audit.services import record, record_persons, record_read
from schakel.cases import selectors as case_selectors
from schakel.cases.views import SECTIONS
from schakel.intake.models import Signal
from schakel.plans.models import Intervention
from schakel.web.forms import run_with_message, submit

from . import letters, services
from .forms import DocumentForm, LetterForm
from .models import Document, LetterTemplate


def _added(request, form, success: str, **owner) -> bool:
    """A POST of the upload form, kept as a document of its owner (`case=`, `signal=` ...)."""
    return request.method == "POST" and submit(
        request,
        form,
        lambda data: services.store(
            by=request.user,
            upload=data["file"],
            title=data["title"],
            data_category=data["data_category"],
            **owner,
        ),  # fmt: skip
        success=success,
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_documents(request, pk):
    """The case page's documents section; a POST adds a document."""
    case = case_selectors.get_case_for_view(request.user, pk, shows_persons=False)
    form = DocumentForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and not case.is_open:
        messages.error(request, _("This case is closed: documents can no longer be added."))
        return redirect("documents:case", case.pk)
    if _added(request, form, _("The document has been added."), case=case):
        return redirect("documents:case", case.pk)
    documents = list(
        Document.objects.visible_to(request.user).filter(case=case).select_related("organisation")
    )
    context = {
        "case": case,
        "section": "documents",
        "sections": [(name, url, title) for name, url, title, _persons in SECTIONS],
        "documents": documents,
        "form": form if case.is_open and form.fields["data_category"].choices else None,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "documents/case_documents.html", context, status=status)


def _owner_documents(
    request, field: str, owner, *, may_add: bool, template: str, purpose=None, photo=False,
    success=None, **extra,
):  # fmt: skip
    """The documents page of one owner (`field` is its name: inspection, plan, signal,
    intervention — also the page's URL name): the list the reader may see, and a POST that
    adds one for those who `may_add` (403 for the others). `purpose`: the list is a read of
    personal data and is audited."""
    user = request.user
    if request.method == "POST" and not may_add:
        raise PermissionDenied
    form = DocumentForm(request.POST or None, request.FILES or None, user=user, photo=photo)
    if _added(request, form, success or _("The document has been added."), **{field: owner}):
        return redirect(f"documents:{field}", owner.pk)
    documents = list(
        Document.objects.visible_to(user).filter(**{field: owner}).select_related("organisation")
    )
    if purpose is not None:
        record_read(
            user, AuditAction.LIST, obj=owner, purpose=purpose,
            detail=f"documenten {len(documents)}",
        )  # fmt: skip
    context = {
        field: owner,
        "documents": documents,
        "form": form if may_add and form.fields["data_category"].choices else None,
        **extra,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, template, context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def inspection_documents(request, pk):
    """An inspection's photos and documents; a POST adds one (a photo from a phone's camera)."""
    inspection = get_object_or_404(JointInspection.objects.visible_to(request.user), pk=pk)
    return _owner_documents(
        request, "inspection", inspection, may_add=True, photo=True,
        template="documents/inspection_documents.html", purpose=Purpose.JOINT_INSPECTION,
        success=_("The photo or document has been added."),
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def plan_documents(request, pk):
    """A hot-spot plan's documents: the signed plan, covenants, the partners' sign-off letters."""
    plan = get_plan(request.user, pk)
    return _owner_documents(
        request, "plan", plan, may_add=services.may_add_to_plan(request.user, plan),
        template="documents/plan_documents.html",
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def signal_documents(request, pk):
    """A signal's documents: what the reporter sends along (a report, a photo), and what the
    Veiligheidshuis gathers while it triages."""
    signal = get_object_or_404(
        Signal.objects.visible_to(request.user).select_related("reporting_organisation"), pk=pk
    )
    return _owner_documents(
        request, "signal", signal, may_add=services.may_add_to_signal(request.user, signal),
        template="documents/signal_documents.html", purpose=Purpose.TRIAGE,
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def intervention_documents(request, pk):
    """An intervention's documents: the warning sent, the decision taken, the report of what
    was done. Those who report on the intervention add them while the case is open."""
    intervention = get_object_or_404(
        Intervention.objects.visible_to(request.user).select_related("type", "plan__case"), pk=pk
    )
    return _owner_documents(
        request, "intervention", intervention,
        may_add=services.may_add_to_intervention(request.user, intervention),
        template="documents/intervention_documents.html", purpose=Purpose.CASE_HANDLING,
        case=intervention.plan.case,
    )  # fmt: skip


@login_required
def download(request, pk):
    """A document the reader may see (404 otherwise, also when it does not exist), audited.
    Photos open in the browser; other files download."""
    document = get_object_or_404(Document.objects.visible_to(request.user), pk=pk)
    response = FileResponse(
        services.open_for_download(document, by=request.user),
        as_attachment=not document.is_image,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response


_LETTER_TYPES = {
    "pdf": ("application/pdf", letters.to_pdf),
    "odt": (letters.ODT_MIMETYPE, letters.to_odt),
}


@login_required
@require_http_methods(["GET", "POST"])
def letter(request, pk):
    """Draw up a letter for an intervention from the catalogue's templates: a preview filled
    from the case, then a PDF or ODT for the partner's own sending (and, if asked, kept with the
    case). For those who report on the intervention; the addressee's name is audited."""
    user = request.user
    intervention = get_object_or_404(
        Intervention.objects.visible_to(user).select_related("type", "plan__case"), pk=pk
    )
    if not policy.can_report_on_intervention(user, intervention):
        raise PermissionDenied
    case = intervention.plan.case
    templates = LetterTemplate.objects.filter(intervention_type=intervention.type, is_active=True)
    form = LetterForm(request.POST or None, templates=templates)
    values, person = letters.values_for(intervention, sender=user.organisation)
    if request.method == "POST" and form.is_valid():
        template, kind = form.cleaned_data["template"], form.cleaned_data["format"]
        content_type, write = _LETTER_TYPES[kind]
        content = write(template.title, letters.fill(template.body, values))
        name = get_valid_filename(f"{template.title} {case.reference}.{kind}")
        if form.cleaned_data["keep"]:
            outcome = run_with_message(
                request,
                lambda: services.store(
                    by=user,
                    upload=SimpleUploadedFile(name, content),
                    title=template.title,
                    data_category=intervention.type.category,
                    case=case,
                ),  # fmt: skip
                success=_("The letter has been kept with the case's documents."),
            )
            if not outcome:
                return redirect("documents:letter", intervention.pk)
        record(
            user, AuditAction.EXPORT, obj=intervention, person=person,
            detail=f"brief {template.pk} {kind}",
        )  # fmt: skip
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["Cache-Control"] = "private, no-store"
        return response
    if person is not None:
        record_persons(user, AuditAction.VIEW, [person], obj=intervention)
    previews = [(t, letters.fill(t.body, values)) for t in templates]
    return render(
        request,
        "documents/letter.html",
        {"intervention": intervention, "case": case, "form": form, "previews": previews},
        status=400 if form.is_bound else 200,
    )
