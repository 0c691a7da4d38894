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
