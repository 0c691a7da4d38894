"""Turning a service's refusal into a message for the user who asked for the change."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def service_error_text(error: Exception) -> str:
    """The Dutch (translated) text of a service's ValidationError or PermissionDenied."""
    if isinstance(error, ValidationError):
        return " ".join(str(m) for m in error.messages)
    return str(error) or _("You are not allowed to do this.")


def add_service_error(form, error: Exception) -> None:
    """Show a service's refusal on the form the user just submitted."""
    if isinstance(error, ValidationError):
        for message in error.messages:
            form.add_error(None, message)
    else:
        form.add_error(None, service_error_text(error))


def csrf_failure(request, reason=""):
    """A form sent without a valid CSRF token (an old page, a log-out in another tab): say so in
    the product's words, not Django's "CSRF verification failed" page (CSRF_FAILURE_VIEW)."""
    from django.shortcuts import render

    return render(request, "403_csrf.html", status=403)
