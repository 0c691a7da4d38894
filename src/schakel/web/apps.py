from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "schakel.web"

    def ready(self) -> None:
        from django.core.signals import request_finished, request_started

        from . import logs

        request_started.connect(logs.request_started, dispatch_uid="schakel-request-id")
        request_finished.connect(logs.request_finished, dispatch_uid="schakel-request-id-end")
