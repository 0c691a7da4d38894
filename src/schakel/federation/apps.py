from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FederationConfig(AppConfig):
    name = "schakel.federation"
    verbose_name = _("Federation of Veiligheidshuizen")

    def ready(self) -> None:
        from schakel.linkage import elsewhere

        from . import services

        # "Already known?" asks the other Veiligheidshuizen too (linkage/elsewhere.py).
        elsewhere.register(services.ask_peers)
        # Once a day the worker publishes this index and fetches the peers' (when configured).
        from schakel.jobs.registry import register_periodic

        register_periodic("federation exchange", services.exchange, every_seconds=24 * 3600)
