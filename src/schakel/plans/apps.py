from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "schakel.plans"
    verbose_name = _("Action plans")

    def ready(self) -> None:
        from schakel.notifications.reminders import register

        from .reminders import intervention_reminders

        register("interventions", intervention_reminders)
