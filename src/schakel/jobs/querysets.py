"""Who may see a job: the person who started it (its errors may quote the file's rows)."""

from django.db import models


class JobQuerySet(models.QuerySet):
    def visible_to(self, user) -> "JobQuerySet":
        if not user.is_authenticated:
            return self.none()
        return self.filter(created_by=user)
