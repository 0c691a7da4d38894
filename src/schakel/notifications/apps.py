from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "schakel.notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from django.conf import settings

        from schakel.jobs import registry

        from . import services

        # The worker sends reminders and digests and retries mail every few minutes.
        registry.register_periodic(
            "notifications", services.run_periodic, settings.SCHAKEL_REMINDER_INTERVAL_SECONDS
        )
