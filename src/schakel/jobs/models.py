"""A job: long work (an import, a linkage run, a report) done by the background worker.

The row is what the user watches: its status, how far it got, the errors so far and the result.
The work itself runs through Django's tasks API (`jobs.tasks.run_job`); the row outlives the
queue entry, so a job is never silently lost — a worker that dies leaves it `running` with a
stale heartbeat, and the next worker marks it failed (`jobs.services.fail_abandoned_jobs`).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .querysets import JobQuerySet
from .workflow import OPEN_STATUSES, JobStatus


class Job(models.Model):
    Status = JobStatus

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=60)
    title = models.CharField(_("title"), max_length=200)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    input_file = models.CharField(
        _("input file"),
        max_length=500,
        blank=True,
        help_text=_("Path of the uploaded file in the private job directory; removed at the end."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    phase = models.CharField(_("phase"), max_length=40, blank=True)
    done = models.PositiveBigIntegerField(_("done"), default=0)
    total = models.PositiveBigIntegerField(_("total"), null=True, blank=True)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    errors = models.JSONField(
        _("first errors"),
        default=list,
        blank=True,
        help_text=_("The first errors, each with its line and reason."),
    )
    result = models.JSONField(_("result"), default=dict, blank=True)
    message = models.TextField(_("message"), blank=True)
    cancel_requested = models.BooleanField(_("cancel requested"), default=False)
    worker = models.CharField(_("worker"), max_length=120, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        indexes = [models.Index(fields=["status", "heartbeat_at"], name="job_status_heartbeat")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return min(100, int(100 * self.done / self.total))

    def remaining_seconds(self, now) -> int | None:
        """A simple estimate from the pace so far; None until there is a pace to go by."""
        if not (self.total and self.done and self.started_at) or self.status != JobStatus.RUNNING:
            return None
        elapsed = (now - self.started_at).total_seconds()
        if elapsed <= 0 or self.done >= self.total:
            return None
        return int(elapsed / self.done * (self.total - self.done))
