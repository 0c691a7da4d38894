from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """The privacy officer's screens: the audit log, a person's entries and export, the chain."""

    name = "schakel.privacy"
    verbose_name = _("Privacy")
