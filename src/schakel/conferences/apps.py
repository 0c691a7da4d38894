from django.apps import AppConfig


class ConferencesConfig(AppConfig):
    name = "schakel.conferences"
