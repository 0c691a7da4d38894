"""The person-oriented approach's long work as background jobs: the import of judicial
registrations (atomic, as from the command line) and the monthly report as a PDF.

The job's page shows the import's result as the import page did (rows, new, changed, the
possible matches queued for review), or each bad row with its line and reason.
"""

import os
from pathlib import Path

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from schakel.access import policy
from schakel.jobs.services import JobFailed, result_path

from . import registrations, report, selectors

REGISTRATIONS = "targets.registrations"
REGISTRATIONS_RESULT_TEMPLATE = "targets/_import_result.html"
REPORT_PDF = "targets.report_pdf"


def run_registration_import(job, progress) -> dict:
    params = job.params
    total = 0

    def notify(phase: str, rows: int, errors: int) -> None:
        if phase == "validate":
            progress(phase=_("Checking rows"), done=rows, total=total or None, error_count=errors)
        elif phase == "write":
            progress(phase=_("Saving"), done=rows)
        else:
            progress(phase=_("Comparing new persons with the registry"), done=rows)

    content = Path(job.input_file).read_bytes()
    # Bytes: the importer names the first line that is not UTF-8. The bar's total is the count
    # of lines, known before the rows are parsed (set to the rows read at the end).
    total = max(content.count(b"\n") - 1, 1)
    result = registrations.import_registrations(
        content,
        by=job.created_by,
        source=params.get("source", ""),
        file_name=params.get("file_name", ""),
        progress=notify,
    )
    errors = [{"line": error.line or None, "reason": error.message} for error in result.errors]
    if not result.ok:
        raise JobFailed(
            _("Nothing was imported: %(n)s problem(s). Correct the file and import it again.")
            % {"n": len(errors)},
            errors,
        )
    progress(done=result.rows, total=result.rows, error_count=0, force=True)
    return {
        "summary": _("Imported: %(created)s new, %(updated)s changed, %(unchanged)s unchanged.")
        % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
        "rows": result.rows,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "persons_created": result.persons_created,
        "import_id": result.batch.pk if result.batch else None,
        "linkage_run": result.linkage_run.pk if result.linkage_run else None,
        "queued_for_review": result.queued_for_review,
        "linked_without_review": result.linked_without_review,
        "linkage_failed": result.linkage_failed,
        # Whether the result links to the review queue: the rule of the import page, for the
        # one who started the job (the only one who sees it); the queue checks again.
        "may_review_linkage": bool(job.created_by and policy.may_review_linkage(job.created_by)),
    }


def report_pdf_path(job):
    return result_path(job, ".pdf")


def run_report_pdf(job, progress) -> dict:
    """The monthly report of a list as PDF, kept in the private job directory. Only aggregate
    figures; the one who asked must (still) see the list. Handing it out is audited (the
    download view), as the PDF was when it was made in the request."""
    params = job.params
    try:
        target_list = selectors.get_list(job.created_by, params["list"])
    except Http404:
        raise JobFailed(_("You may not see this list (any more).")) from None
    year, month = params["year"], params["month"]
    progress(phase=_("Collecting the figures"), done=0, total=2, force=True)
    data = report.build(target_list, year, month)
    progress(phase=_("Making the PDF"), done=1)
    path = report_pdf_path(job)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        out.write(report.render_pdf(data))
    progress(done=2, force=True)
    return {
        "summary": _("The monthly report of %(list)s for %(month)s is ready.")
        % {"list": target_list.name, "month": data.month_label},
        "link": reverse("targets:report_pdf_download", args=[job.pk]),
        "link_text": _("Download the PDF"),
    }
