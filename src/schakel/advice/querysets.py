"""Who sees an advice question: the asker's organisation and the Veiligheidshuis asked (its
staff), each only in the data categories granted to them (`access.policy`)."""

from django.db import models

from schakel.access import policy


class AdviceQuestionQuerySet(models.QuerySet):
    def visible_to(self, user) -> "AdviceQuestionQuerySet":
        if not policy.works_on_cases(user):
            return self.none()
        mine = self.filter(data_category__in=policy.allowed_categories(user))
        if policy.runs_safety_house(user):
            return mine.filter(safety_house_id=user.organisation_id)
        return mine.filter(organisation_id=user.organisation_id)

    def open(self) -> "AdviceQuestionQuerySet":
        return self.filter(answered_at__isnull=True)
