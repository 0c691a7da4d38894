from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "schakel.plans"
    verbose_name = _("Action plans")

    def ready(self) -> None:
        # Running interventions and open goals are ended, each for a reason, when their case
        # ends: the case service asks this app for them (cases/closing.py).
        from schakel.cases.closing import register_open_work

        from .closing import open_work

        register_open_work(open_work)
        from schakel.notifications.reminders import register

        from .reminders import intervention_reminders

        register("interventions", intervention_reminders)
        from schakel.work.registry import register as register_work

        from . import work

        # Open interventions are their owner's (or the owning organisation's) work.
        register_work(work.KIND, work.mine, organisation=work.organisation, reassign=work.reassign)
