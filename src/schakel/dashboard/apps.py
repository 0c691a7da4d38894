from django.apps import AppConfig


class DashboardConfig(AppConfig):
    """The start page per role and the log-in page: the top of the app, reading from every part."""

    name = "schakel.dashboard"
