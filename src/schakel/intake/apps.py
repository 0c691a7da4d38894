from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "schakel.intake"
    verbose_name = _("Signals")

    def ready(self) -> None:
        # The persons, addresses and businesses on a signal are visible to the staff of the
        # Veiligheidshuis that received it — not to the reporter (docs/access-model.md).
        from schakel.registry.querysets import register_subject_source

        from .querysets import subjects_of_received_signals

        register_subject_source(subjects_of_received_signals)

        from schakel.notifications.reminders import register

        from .reminders import triage_review_reminders

        register("signal reviews", triage_review_reminders)

        from schakel.jobs.registry import register_periodic

        from .handovers import return_overdue_handovers

        # Hand-overs not accepted in time fall back to the Veiligheidshuis (hourly).
        register_periodic("overdue hand-overs", return_overdue_handovers, every_seconds=3600)

        from schakel.work.registry import register as register_work

        from .work import handovers_of_my_organisation

        register_work(
            "handover", handovers_of_my_organisation, organisation=handovers_of_my_organisation
        )
