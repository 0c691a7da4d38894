"""Log-in, log-out and failed log-in are audited through Django's authentication signals.

A failed attempt is recorded anonymously (no actor), naming the account it targeted by its id
when that account exists, else "onbekend account": neither the typed user name nor anything else
from the credentials is stored, so a password typed in the user name field never reaches the log.
An attempt refused by the log-in lock (dashboard/lockout.py) says so; the lock itself is recorded
by `record_lockout`.
"""

from django.contrib.auth import get_user_model

from .models import AuditAction, Purpose
from .services import record

USER_OBJECT_TYPE = "organisations.user"
UNKNOWN_ACCOUNT = "onbekend account"
# The log-in backend sets this on the request when the lock is closed: to REFUSED when the lock
# refused the attempt unchecked, to CLOSED when this (wrong) attempt closed it.
LOCKED_OUT_ATTRIBUTE = "schakel_locked_out"
REFUSED = "refused"
CLOSED = "closed"
# The OpenID Connect backend (dashboard/oidc.py) sets this on the request when it refuses a log-in
# through the identity provider: a dict with "detail" (why, no personal data) and "account_id"
# (the Schakel account the provider's subject belongs to, or None).
OIDC_FAILURE_ATTRIBUTE = "schakel_oidc_failure"


def targeted_account_id(username) -> int | None:
    """The id of the account a log-in attempt named, or None when there is no such account."""
    if not username:
        return None
    model = get_user_model()
    return (
        model.objects.filter(**{model.USERNAME_FIELD: username})
        .values_list("pk", flat=True)
        .first()
    )


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
    account_id = targeted_account_id(credentials.get(get_user_model().USERNAME_FIELD))
    oidc_failure = getattr(request, OIDC_FAILURE_ATTRIBUTE, None)
    if oidc_failure:
        account_id = oidc_failure.get("account_id")
        detail = oidc_failure["detail"] + ("" if account_id else f" ({UNKNOWN_ACCOUNT})")
    elif getattr(request, LOCKED_OUT_ATTRIBUTE, None) == REFUSED:
        detail = "geweigerd: vergrendeld"
    else:
        detail = "" if account_id else UNKNOWN_ACCOUNT
    record(
        None,
        AuditAction.LOGIN_FAILED,
        object_type=USER_OBJECT_TYPE,
        object_id=account_id or "",
        purpose=Purpose.AUTHENTICATION,
        detail=detail,
    )


def record_lockout(username, kind: str) -> None:
    """The log-in lock closed on an account or a client address (`kind`); the address itself
    is not stored."""
    account_id = targeted_account_id(username)
    record(
        None,
        AuditAction.LOCKOUT,
        object_type=USER_OBJECT_TYPE,
        object_id=account_id or "",
        purpose=Purpose.AUTHENTICATION,
        detail=f"vergrendeld: {kind}" + ("" if account_id else f" ({UNKNOWN_ACCOUNT})"),
    )
