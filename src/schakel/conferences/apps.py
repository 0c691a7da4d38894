from django.apps import AppConfig


class ConferencesConfig(AppConfig):
    name = "schakel.conferences"

    def ready(self) -> None:
        from schakel.notifications.reminders import register

        from .reminders import conference_reminders

        register("conferences", conference_reminders)
