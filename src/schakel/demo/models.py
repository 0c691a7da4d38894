"""Marks that fictional demo data is loaded; demo log-ins are only offered when it is."""

from django.db import models


class DemoInstallation(models.Model):
    seed = models.PositiveIntegerField()
    loaded_at = models.DateTimeField(auto_now_add=True)
    description = models.TextField(
        blank=True, help_text="States that the loaded data is fictional, and what it holds."
    )
    # The highest id per model ("app_label.model") when the demo was loaded: rows above it were
    # entered afterwards, by users, and loading the demo afresh must not delete them.
    last_ids = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = "demo installation"

    def __str__(self) -> str:
        return f"demo data (seed {self.seed})"
