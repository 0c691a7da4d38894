from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "schakel.intake"
