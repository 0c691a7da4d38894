from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AreasConfig(AppConfig):
    name = "schakel.areas"
    verbose_name = _("Area-based approach")

    def ready(self) -> None:
        # Hot-spot cells on every page are named by the innermost area holding them.
        from schakel.incidents.cellnames import register_area_namer

        from .selectors.areas import innermost_area_names

        register_area_namer(innermost_area_names)
