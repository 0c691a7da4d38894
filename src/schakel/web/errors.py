"""Turning a service's refusal into a message on the form the user just submitted."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _


def add_service_error(form, error: Exception) -> None:
    if isinstance(error, ValidationError):
        for message in error.messages:
            form.add_error(None, message)
    elif isinstance(error, PermissionDenied):
        form.add_error(None, str(error) or _("You are not allowed to do this."))
    else:  # pragma: no cover - only the two kinds above are caught by views
        raise error
