"""Log-in, log-out and failed log-in are audited through Django's authentication signals.

A failed attempt is recorded anonymously: neither the attempted user name nor anything from the
credentials is stored, so a password typed in the user name field never reaches the log.
"""

from .models import AuditAction, Purpose
from .services import record

USER_OBJECT_TYPE = "organisations.user"


def audit_login(sender, request, user, **kwargs) -> None:
    record(
        user,
        AuditAction.LOGIN,
        object_type=USER_OBJECT_TYPE,
        object_id=user.pk,
        purpose=Purpose.AUTHENTICATION,
    )


def audit_logout(sender, request, user, **kwargs) -> None:
    # `user` is None when someone who was not logged in visits the log-out page.
    if user is None:
        return
    record(
        user,
        AuditAction.LOGOUT,
        object_type=USER_OBJECT_TYPE,
        object_id=user.pk,
        purpose=Purpose.AUTHENTICATION,
    )


def audit_login_failed(sender, credentials, request=None, **kwargs) -> None:
    record(
        None, AuditAction.LOGIN_FAILED, object_type=USER_OBJECT_TYPE, purpose=Purpose.AUTHENTICATION
    )
