"""Errors that services raise; views turn them into Dutch messages, the API into 400/403."""

from django.core.exceptions import PermissionDenied, ValidationError

__all__ = ["PermissionDenied", "ValidationError", "require"]


def require(condition: bool, message) -> None:
    """Refuse an action the policy does not allow."""
    if not condition:
        raise PermissionDenied(message)
