"""Marks that fictional demo data is loaded; demo log-ins are only offered when it is."""

from django.db import models


class DemoInstallation(models.Model):
    seed = models.PositiveIntegerField()
    loaded_at = models.DateTimeField(auto_now_add=True)
    description = models.TextField(
        blank=True, help_text="States that the loaded data is fictional, and what it holds."
    )

    class Meta:
        verbose_name = "demo installation"

    def __str__(self) -> str:
        return f"demo data (seed {self.seed})"
