"""Keeping a document with a case, a signal, an intervention, an inspection or a hot-spot plan,
and handing it out."""

import hashlib

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from schakel.access import policy
from schakel.access.policy import allowed_categories
from schakel.areas.selectors.plans import directs_plan
from schakel.audit.models import AuditAction, Purpose
from schakel.audit.services import record, record_read
from schakel.intake.workflow import SignalStatus

from . import files
from .models import Document

# While a signal waits for triage, or has been triaged, its reporter may still add to it.
SIGNAL_STATUSES_OPEN_TO_REPORTER = frozenset({SignalStatus.RECEIVED, SignalStatus.TRIAGED})


def may_add_to_signal(user, signal) -> bool:
    """The staff of the Veiligheidshuis that handles the signal; and the reporting partner's
    case workers while the signal awaits triage or has been triaged (the caller has checked
    that `user` sees the signal)."""
    if policy.can_handle_signal(user, signal):
        return True
    return (
        policy.works_on_cases(user)
        and signal.reporting_organisation_id == user.organisation_id
        and signal.status in SIGNAL_STATUSES_OPEN_TO_REPORTER
    )


def may_add_to_plan(user, plan) -> bool:
    """Those who direct the hot-spot plan, and the case workers of its partners (the caller has
    checked that `user` sees the plan)."""
    return directs_plan(user, plan) or (
        policy.works_on_cases(user) and plan.partners.filter(pk=user.organisation_id).exists()
    )


def may_add_to_intervention(user, intervention) -> bool:
    """Those who report on the intervention, while its case is open (the caller has checked
    that `user` sees the intervention)."""
    return intervention.plan.case.is_open and policy.can_report_on_intervention(user, intervention)


def max_bytes() -> int:
    return settings.SCHAKEL_DOCUMENT_MAX_MB * 1024 * 1024


def store(
    *, by, upload, title: str, data_category: str, case=None, inspection=None, plan=None,
    signal=None, intervention=None, document_id=None, uploaded_at=None,
) -> Document:  # fmt: skip
    """Keep an uploaded file with its owner (the caller has checked that `by` sees the owner).
    `document_id` and `uploaded_at` are for data built elsewhere (the demo, an import); a user's
    upload gets a random id and the present moment.

    Refused with a reason the user reads: a data category the user's organisation may not see
    (it could not see its own document back), a file that is too large, or of a kind that is
    not accepted (by its content, not its name).
    """
    if data_category not in allowed_categories(by):
        raise PermissionDenied(_("Your organisation may not keep documents of this kind."))
    if upload.size > max_bytes():
        raise ValidationError(
            _("The file is larger than %(mb)s MB.") % {"mb": settings.SCHAKEL_DOCUMENT_MAX_MB},
            code="file_size",
        )
    content = upload.read()
    kind = files.sniff(content[:16], content)
    name = get_valid_filename(upload.name or "document")[:150] or "document"
    with transaction.atomic():
        document = Document(
            **({"id": document_id} if document_id else {}),
            case=case,
            inspection=inspection,
            plan=plan,
            signal=signal,
            intervention=intervention,
            title=title.strip() or name,
            original_name=name,
            content_type=kind.content_type,
            extension=kind.extension,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            data_category=data_category,
            uploaded_by=by,
            organisation=by.organisation,
            uploaded_at=uploaded_at or timezone.now(),
        )
        storage = document.file.storage
        if document_id is not None:
            # A given id may meet a file left by an earlier load that was rolled back.
            stale = Document._meta.get_field("file").generate_filename(document, "upload")
            if storage.exists(stale) and not Document.objects.filter(pk=document_id).exists():
                storage.delete(stale)
        document.file.save("upload", ContentFile(content), save=False)
        try:
            document.save()
        except Exception:
            storage.delete(document.file.name)  # no file without its row
            raise
        # The file's name may name a person: the log keeps only the ids.
        record(by, AuditAction.CREATE, obj=document, detail=_owner_detail(document))
    return document


def open_for_download(document: Document, *, by):
    """The file to send, with the download audited (who, which document of which owner)."""
    record_read(
        by, AuditAction.DOWNLOAD, obj=document, detail=_owner_detail(document),
        purpose=Purpose.CASE_HANDLING,
    )  # fmt: skip
    return document.file.open("rb")


def _owner_detail(document: Document) -> str:
    if document.case_id:
        return f"casus {document.case_id}"
    if document.plan_id:
        return f"plan {document.plan_id}"
    if document.signal_id:
        return f"signaal {document.signal_id}"
    if document.intervention_id:
        return f"interventie {document.intervention_id}"
    return f"controle {document.inspection_id}"
