"""The incident import as a background job: the upload is stored, the worker imports it, the user
watches the rows checked and the errors found, and finds the result — or each bad row with its
line and reason — on the job's page. The import itself is unchanged: atomic, nothing half-done."""

from django.urls import reverse
from django.utils.translation import gettext as _

from schakel.jobs.services import JobFailed
from schakel.organisations.models import Organisation

from . import importer, services
from .models import IncidentImport

KIND = "incidents.import"


def run_import(job, progress) -> dict:
    params = job.params
    source = None
    if params.get("source"):
        source = Organisation.objects.filter(pk=params["source"]).first()
    total = importer.estimated_rows(job.input_file)
    progress(phase=_("Checking rows"), done=0, total=total, force=True)

    def notify(phase: str, rows: int, errors: int) -> None:
        if phase == "validate":
            progress(phase=_("Checking rows"), done=rows, error_count=errors)
        else:
            # The rows are written in one transaction, whose progress no one else can see: the
            # bar shows no percentage until the job ends (total 0 = unknown), the phase says why.
            progress(phase=_("Saving"), total=0)

    report = services.import_incidents(
        job.input_file,
        by=job.created_by,
        skip_invalid=params.get("skip_invalid", False),
        source=source,
        file_name=params.get("file_name", ""),
        progress=notify,
    )
    errors = [
        {"line": error.line, "reason": error.reason} for error in getattr(report, "row_errors", [])
    ]
    if report.status == IncidentImport.Status.REJECTED:
        raise JobFailed(
            _(
                "%(n)s invalid rows: nothing has been imported. Correct the file, or import again "
                'with "Skip invalid rows".'
            )
            % {"n": report.error_count},
            errors,
            report.error_count,
        )
    if report.status == IncidentImport.Status.FAILED:
        raise JobFailed(report.error_report or _("The file could not be imported."), errors)
    summary = _("%(read)s rows read: %(new)s new, %(updated)s updated, %(skipped)s skipped.") % {
        "read": report.rows_read,
        "new": report.rows_imported,
        "updated": report.rows_updated,
        "skipped": report.rows_skipped,
    }
    progress(
        done=report.rows_read,
        total=report.rows_read,
        errors=errors,
        error_count=report.error_count,
        force=True,
    )
    return {
        "summary": summary,
        "link": reverse("incidents:index"),
        "link_text": _("Incident overview"),
        "import_id": report.pk,
    }
