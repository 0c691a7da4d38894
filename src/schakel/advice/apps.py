from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdviceConfig(AppConfig):
    name = "schakel.advice"
    verbose_name = _("Advice")

    def ready(self) -> None:
        from schakel.notifications.reminders import register as register_reminders
        from schakel.work.registry import register as register_work

        from .reminders import overdue_advice_reminders
        from .work import open_questions_for, open_questions_of_organisation

        register_reminders("advice questions", overdue_advice_reminders)
        register_work("advice", open_questions_for, organisation=open_questions_of_organisation)
