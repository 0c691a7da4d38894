"""A job's statuses and the steps between them."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from schakel.lib.workflow import Workflow


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Finished")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


WORKFLOW = Workflow(
    JobStatus,
    {
        JobStatus.QUEUED: {JobStatus.RUNNING, JobStatus.CANCELLED, JobStatus.FAILED},
        JobStatus.RUNNING: {JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED},
        JobStatus.SUCCEEDED: set(),
        JobStatus.FAILED: set(),
        JobStatus.CANCELLED: set(),
    },
    refused=_("A job cannot go from %(from)s to %(to)s."),
    finished=_("This job has ended (%(status)s)."),
)
OPEN_STATUSES = WORKFLOW.open_statuses
