from django.apps import AppConfig


class DashboardConfig(AppConfig):
    """The start page per role and the log-in page: the top of the app, reading from every part."""

    name = "schakel.dashboard"

    def ready(self):
        from . import checks  # noqa: F401 (registers the system checks)
