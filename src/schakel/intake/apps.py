from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "schakel.intake"
    verbose_name = _("Signals")

    def ready(self) -> None:
        # The persons, addresses and businesses named in a signal are visible to those who may
        # see the signal (docs/access-model.md).
        from schakel.registry.querysets import register_subject_source

        from .querysets import subjects_of_visible_signals

        register_subject_source(subjects_of_visible_signals)
