from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TargetsConfig(AppConfig):
    name = "schakel.targets"
    verbose_name = _("Person-oriented approach")

    def ready(self) -> None:
        from schakel.jobs import registry

        from . import jobs

        registry.register(
            jobs.REGISTRATIONS,
            jobs.run_registration_import,
            result_template=jobs.REGISTRATIONS_RESULT_TEMPLATE,
        )
        registry.register(jobs.REPORT_PDF, jobs.run_report_pdf)
        from schakel.notifications.reminders import register

        from .reminders import action_reminders

        register("evaluation actions", action_reminders)
        from schakel.work.registry import register as register_work

        from . import work

        # Bottlenecks asked of a partner and evaluation actions agreed for it: the partner's.
        register_work("bottleneck", work.bottlenecks, organisation=work.bottlenecks)
        register_work(
            "evaluation_action", work.evaluation_actions, organisation=work.evaluation_actions
        )
