"""The `work` source "advice": the open questions a Veiligheidshuis is to answer, given to the
house as a whole (its staff, under the category rule of `visible_to`)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from schakel.access import policy
from schakel.work.items import WorkItem

from .models import AdviceQuestion


def _items(user):
    if not policy.runs_safety_house(user):
        return
    questions = AdviceQuestion.objects.visible_to(user).open().select_related("organisation")
    for question in questions.order_by("due", "pk"):
        yield WorkItem(
            kind="advice",
            kind_label=_("Advice question"),
            title=_("Answer an advice question"),
            due=question.due,
            origin=question.organisation.name,
            url=reverse("advice:detail", args=[question.pk]),
            object_type="advice_question",
            object_id=question.pk,
            organisation_id=question.safety_house_id,
        )


def open_questions_for(user):
    yield from _items(user)


def open_questions_of_organisation(user):
    yield from _items(user)
