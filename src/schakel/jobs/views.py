"""A job's page: its progress while it runs (updated by a small script polling `status`), and
its result or each error with its line and reason when it ends."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import registry, services
from .models import Job


def _state(job: Job) -> dict:
    return {
        "status": job.status,
        "status_label": job.get_status_display(),
        "phase": job.phase,
        "done": job.done,
        "total": job.total,
        "percent": job.percent,
        "error_count": job.error_count,
        "remaining_seconds": job.remaining_seconds(timezone.now()),
        "open": job.is_open,
        "cancel_requested": job.cancel_requested,
    }


@login_required
def detail(request, pk):
    job = get_object_or_404(Job.objects.visible_to(request.user), pk=pk)
    return render(
        request,
        "jobs/detail.html",
        {
            "job": job,
            "state": _state(job),
            "result_template": registry.result_template_for(job.kind),
        },
    )


@never_cache
@login_required
def status(request, pk):
    job = get_object_or_404(Job.objects.visible_to(request.user), pk=pk)
    return JsonResponse(_state(job))


@login_required
def mine(request):
    jobs = Job.objects.visible_to(request.user)[:50]
    return render(request, "jobs/list.html", {"jobs": jobs})


@require_POST
@login_required
def cancel(request, pk):
    job = get_object_or_404(Job.objects.visible_to(request.user), pk=pk)
    if job.is_open:
        services.cancel(job, by=request.user)
        messages.info(request, _("The job will stop at its next step."))
    return redirect("jobs:detail", pk=job.pk)
