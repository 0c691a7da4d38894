from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "schakel.incidents"
    verbose_name = _("Incidents")

    def ready(self) -> None:
        from schakel.jobs import registry

        from . import jobs

        registry.register(jobs.KIND, jobs.run_import)
