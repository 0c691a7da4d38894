"""A linkage run over the registry as a background job: the run compares every person record,
which takes longer than a web request may. The job's page shows its steps (reading the persons,
comparing, storing the pairs) and ends with the pairs found and a link to the review queue."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from schakel.jobs.services import JobFailed

from . import services

KIND = services.REGISTRY_RUN_JOB
STEPS = ("read", "compare", "save")


def run_registry_run(job, progress) -> dict:
    phases = {
        "read": _("Reading the person records"),
        "compare": _("Comparing the records"),
        "save": _("Storing the pairs"),
    }

    def notify(step: str) -> None:
        progress(phase=phases[step], done=STEPS.index(step), total=len(STEPS), force=True)

    params = job.params
    try:
        run = services.start_registry_run(
            by=job.created_by,
            lower_threshold=params["lower_threshold"],
            upper_threshold=params["upper_threshold"],
            link_above_upper=params["link_above_upper"],
            progress=notify,
        )
    except (ValidationError, PermissionDenied) as error:
        raise JobFailed(" ".join(getattr(error, "messages", [str(error)]))) from None
    progress(done=len(STEPS), total=len(STEPS), force=True)
    return {
        "summary": _(
            "Linkage run finished: %(pairs)d new pairs, %(review)d queued for review, "
            "%(linked)d linked."
        )
        % {"pairs": run.pair_count, "review": run.review_count, "linked": run.linked_count},
        "run": run.pk,
        "link": reverse("linkage:queue"),
        "link_text": _("Review pairs"),
    }
