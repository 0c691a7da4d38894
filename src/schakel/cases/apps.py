from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "schakel.cases"

    def ready(self) -> None:
        # The persons, addresses and businesses named in a case are visible to those who may see
        # the case: the registry asks each app that names subjects (docs/access-model.md).
        from schakel.registry.querysets import register_subject_source

        from .querysets import subjects_of_visible_cases

        register_subject_source(subjects_of_visible_cases)

        from schakel.notifications.reminders import register

        from .reminders import review_reminders

        register("case reviews", review_reminders)

        from schakel.work.registry import register as register_work

        from . import work

        # A case's review date is its coordinator's work.
        register_work("case_review", work.reviews, organisation=work.organisation)
