from django.apps import AppConfig


class ConferencesConfig(AppConfig):
    name = "schakel.conferences"

    def ready(self) -> None:
        from schakel.notifications.reminders import register

        from .reminders import conference_reminders

        register("conferences", conference_reminders)

        from schakel.work.registry import register as register_work

        from . import work

        # A planned conference is work for everyone invited to it.
        register_work(
            "conference", work.to_attend, organisation=work.organisation, reassign=work.reassign
        )
