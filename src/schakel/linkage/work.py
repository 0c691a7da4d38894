"""Clerical review in "Mijn werk" (issue 11): for each linkage run with pairs waiting, one item
for the reviewers (the pairs are a shared queue, given to nobody in particular). No personal
data: only the number of pairs and the run's date."""

from django.db.models import Count, Min
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from schakel.access.policy import may_review_linkage
from schakel.work.items import WorkItem

from .models import CandidatePair


def pairs_to_review(user) -> list[WorkItem]:
    if not may_review_linkage(user):
        return []
    runs = (
        CandidatePair.objects.filter(status=CandidatePair.Status.PENDING)
        .values("run_id")
        .annotate(pairs=Count("pk"), started_at=Min("run__started_at"))
        .order_by("run_id")
    )
    label = _("Clerical review")
    return [
        WorkItem(
            kind="clerical_review",
            kind_label=label,
            title=ngettext("%(count)d pair to review", "%(count)d pairs to review", run["pairs"])
            % {"count": run["pairs"]},
            due=None,
            origin=_("Linkage run of %(date)s")
            % {"date": timezone.localdate(run["started_at"]).isoformat()},
            url=reverse("linkage:queue"),
            object_type="linkage_run",
            object_id=run["run_id"],
            organisation_id=user.organisation_id,
        )
        for run in runs
    ]
