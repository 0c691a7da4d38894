from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LinkageConfig(AppConfig):
    name = "schakel.linkage"
    verbose_name = _("Record linkage")

    def ready(self) -> None:
        from schakel.jobs import registry

        from . import jobs

        registry.register(jobs.KIND, jobs.run_registry_run)
        from schakel.work.registry import register as register_work

        from . import work

        # Pairs waiting for clerical review: the reviewers' shared work.
        register_work("clerical_review", work.pairs_to_review, organisation=work.pairs_to_review)
