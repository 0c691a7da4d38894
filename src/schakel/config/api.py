"""What every API view shares: service errors become HTTP answers.

Services raise Django's `ValidationError` and `PermissionDenied` (see `access.errors`); DRF already
turns `PermissionDenied` into 403 and `Http404` into 404, and this handler adds `ValidationError`
as a 400 with its messages, per field where the service named one.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler


def schakel_exception_handler(exc, context):
    """REST_FRAMEWORK["EXCEPTION_HANDLER"]: map service errors onto DRF's answers."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(_validation_detail(exc))
    return drf_exception_handler(exc, context)


def _validation_detail(exc: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {
            (api_settings.NON_FIELD_ERRORS_KEY if field == "__all__" else field): messages
            for field, messages in exc.message_dict.items()
        }
    return {api_settings.NON_FIELD_ERRORS_KEY: exc.messages}
