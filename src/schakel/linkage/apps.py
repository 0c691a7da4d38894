from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LinkageConfig(AppConfig):
    name = "schakel.linkage"
    verbose_name = _("Record linkage")

    def ready(self) -> None:
        from schakel.jobs import registry

        from . import jobs

        registry.register(jobs.KIND, jobs.run_registry_run)
