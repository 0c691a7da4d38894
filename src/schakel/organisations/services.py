"""Access changes by the functioneel beheerder: category grants (four eyes) and API tokens.

Changes of category grants, with four eyes: one person requests, another decides.

A `CategoryGrant` decides which partner kinds see justice, care or tax data. Nobody changes one
directly (its admin is read-only): `request_grant_change` records what should change, and only
`approve_grant_request` by a second, different person applies it. Request, approval and rejection
are each written to the audit chain with the old and new values.

API tokens for system clients are issued and revoked here (`issue_api_token`,
`revoke_api_token`); `tokens` authenticates them and checks their scopes.

Who may do what is decided here, not in `access.policy`: `organisations` sits below `access`.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from schakel.audit.models import AuditAction, Purpose
from schakel.audit.services import record

from .models import ApiScope, ApiToken, CategoryGrant, CategoryGrantRequest, Role

# A grant change is requested by a functioneel beheerder; approved or rejected by another
# functioneel beheerder or by the privacy officer (who watches need-to-know for the partners).
REQUESTING_ROLES = frozenset({Role.ADMINISTRATOR})
DECIDING_ROLES = frozenset({Role.ADMINISTRATOR, Role.AUDITOR})

Change = CategoryGrantRequest.Change


def _active_in(user, roles) -> bool:
    return bool(
        user is not None and user.is_authenticated and user.is_active and user.role in roles
    )


def may_request_grant_change(user) -> bool:
    return _active_in(user, REQUESTING_ROLES)


def may_decide_grant_request(user, grant_request: CategoryGrantRequest) -> bool:
    return _active_in(user, DECIDING_ROLES) and grant_request.requested_by_id != user.pk


def _current(organisation_kind: str, category: str) -> CategoryGrant | None:
    return CategoryGrant.objects.filter(
        organisation_kind=organisation_kind, category=category
    ).first()


def check_grant_change(change: str, organisation_kind: str, category: str, legal_basis: str):
    """Refuse a change that does not fit the grants as they are now; returns the current grant."""
    grant = _current(organisation_kind, category)
    if change == Change.ADD and grant is not None:
        raise ValidationError(_("This organisation kind already has this category."))
    if change in (Change.CHANGE, Change.REMOVE) and grant is None:
        raise ValidationError(_("This organisation kind does not have this category."))
    if change in (Change.ADD, Change.CHANGE) and not legal_basis.strip():
        raise ValidationError({"legal_basis": _("State the legal basis.")})
    if change == Change.CHANGE and grant.legal_basis == legal_basis.strip():
        raise ValidationError({"legal_basis": _("This is the current legal basis.")})
    pending = CategoryGrantRequest.objects.filter(
        organisation_kind=organisation_kind,
        category=category,
        status=CategoryGrantRequest.Status.PENDING,
    )
    if pending.exists():
        raise ValidationError(_("A request for this grant is already waiting for a decision."))
    return grant


def _values(organisation_kind, category, legal_basis) -> tuple | None:
    if legal_basis is None:
        return None
    return (organisation_kind, category, legal_basis)


def _describe(grant_request: CategoryGrantRequest) -> str:
    old = _values(
        grant_request.organisation_kind,
        grant_request.category,
        None if grant_request.change == Change.ADD else grant_request.previous_legal_basis,
    )
    new = _values(
        grant_request.organisation_kind,
        grant_request.category,
        None if grant_request.change == Change.REMOVE else grant_request.legal_basis,
    )
    return f"grant: {old!r} -> {new!r}"


@transaction.atomic
def request_grant_change(
    by, change: str, organisation_kind: str, category: str, legal_basis: str = "", reason=""
) -> CategoryGrantRequest:
    """Record a requested grant change; nothing changes until another person approves it."""
    if not may_request_grant_change(by):
        raise PermissionDenied(_("Only a functional administrator requests grant changes."))
    grant = check_grant_change(change, organisation_kind, category, legal_basis)
    grant_request = CategoryGrantRequest.objects.create(
        change=change,
        organisation_kind=organisation_kind,
        category=category,
        legal_basis="" if change == Change.REMOVE else legal_basis.strip(),
        previous_legal_basis=grant.legal_basis if grant is not None else "",
        reason=reason,
        requested_by=by,
        requested_at=timezone.now(),
    )
    record(
        by,
        AuditAction.CREATE,
        obj=grant_request,
        purpose=Purpose.ADMINISTRATION,
        detail=f"verzoek {change}; {_describe(grant_request)}"[:500],
    )
    return grant_request


def _lock_pending(grant_request: CategoryGrantRequest, by) -> CategoryGrantRequest:
    locked = CategoryGrantRequest.objects.select_for_update().get(pk=grant_request.pk)
    if locked.status != CategoryGrantRequest.Status.PENDING:
        raise ValidationError(_("This request has already been decided."))
    if not may_decide_grant_request(by, locked):
        raise PermissionDenied(
            _(
                "A grant change is decided by a second person: another functional administrator"
                " or the privacy officer."
            )
        )
    return locked


def _decide(grant_request: CategoryGrantRequest, by, status: str) -> None:
    grant_request.status = status
    grant_request.decided_by = by
    grant_request.decided_at = timezone.now()
    grant_request.save(update_fields=["status", "decided_by", "decided_at"])


@transaction.atomic
def approve_grant_request(grant_request: CategoryGrantRequest, by) -> CategoryGrantRequest:
    """The second person approves: the grant changes now, as requested."""
    grant_request = _lock_pending(grant_request, by)
    grant = _current(grant_request.organisation_kind, grant_request.category)
    # The grants may have moved since the request: apply only onto what the requester saw.
    seen = None if grant_request.change == Change.ADD else grant_request.previous_legal_basis
    if (grant.legal_basis if grant is not None else None) != seen:
        raise ValidationError(_("The grant has changed since this request; request it again."))
    if grant_request.change == Change.ADD:
        grant = CategoryGrant.objects.create(
            organisation_kind=grant_request.organisation_kind,
            category=grant_request.category,
            legal_basis=grant_request.legal_basis,
        )
        action = AuditAction.CREATE
    elif grant_request.change == Change.CHANGE:
        grant.legal_basis = grant_request.legal_basis
        grant.save(update_fields=["legal_basis"])
        action = AuditAction.CHANGE
    else:
        action = AuditAction.DELETE
    _decide(grant_request, by, CategoryGrantRequest.Status.APPROVED)
    record(
        by,
        action,
        obj=grant,
        purpose=Purpose.ADMINISTRATION,
        detail=(
            f"{_describe(grant_request)}; verzoek {grant_request.pk} van gebruiker "
            f"{grant_request.requested_by_id} goedgekeurd"
        )[:500],
    )
    if grant_request.change == Change.REMOVE:
        grant.delete()  # after the record, while the grant still has its id
    return grant_request


@transaction.atomic
def reject_grant_request(grant_request: CategoryGrantRequest, by) -> CategoryGrantRequest:
    """The second person rejects: the grant stays as it is."""
    grant_request = _lock_pending(grant_request, by)
    _decide(grant_request, by, CategoryGrantRequest.Status.REJECTED)
    record(
        by,
        AuditAction.CHANGE,
        obj=grant_request,
        purpose=Purpose.ADMINISTRATION,
        detail=f"verzoek afgewezen; {_describe(grant_request)}"[:500],
    )
    return grant_request


# API tokens for system clients ----------------------------------------------------------------

TOKEN_PREFIX_LENGTH = 8


def hash_api_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def may_issue_api_tokens(user) -> bool:
    return _active_in(user, REQUESTING_ROLES)


def may_act_through_a_token(user) -> bool:
    """Whether a token may act as this user: checked when it is issued and on every use (a
    service user made beheerder or privacy officer later loses its tokens' access)."""
    return (
        user.organisation_id is not None
        and user.is_active
        and not (user.is_staff or user.is_superuser)
        and user.role not in (Role.ADMINISTRATOR, Role.AUDITOR)
    )


def check_api_token(user, scopes, expires_at) -> None:
    """Refuse a token that would act as an unfit user, name unknown scopes or never expire."""
    errors = {}
    if user.organisation_id is None or not user.is_active:
        errors["user"] = _("The service user must be active and belong to an organisation.")
    elif not may_act_through_a_token(user):
        errors["user"] = _("A token cannot act as an administrator or a privacy officer.")
    if not scopes or set(scopes) - set(ApiScope.values):
        errors["scopes"] = _("Choose one or more of the listed scopes.")
    now = timezone.now()
    if expires_at is None or expires_at <= now:
        errors["expires_at"] = _("The expiry must lie in the future.")
    elif expires_at > now + timedelta(days=settings.SCHAKEL_API_TOKEN_MAX_DAYS):
        errors["expires_at"] = _("A token is valid for at most %(days)d days.") % {
            "days": settings.SCHAKEL_API_TOKEN_MAX_DAYS
        }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def issue_api_token(by, name: str, user, scopes, expires_at) -> tuple[ApiToken, str]:
    """Issue a token; returns it with the clear token, which is shown once and never stored."""
    if not may_issue_api_tokens(by):
        raise PermissionDenied(_("Only a functional administrator issues API tokens."))
    check_api_token(user, scopes, expires_at)
    token = secrets.token_urlsafe(32)
    api_token = ApiToken.objects.create(
        name=name,
        prefix=token[:TOKEN_PREFIX_LENGTH],
        token_hash=hash_api_token(token),
        organisation=user.organisation,
        user=user,
        scopes=sorted(set(scopes)),
        expires_at=expires_at,
        created_by=by,
        created_at=timezone.now(),
    )
    record(
        by,
        AuditAction.CREATE,
        obj=api_token,
        purpose=Purpose.ADMINISTRATION,
        detail=(
            f"API-token {api_token.prefix} voor gebruiker {user.pk}, scopes "
            f"{' '.join(api_token.scopes)}, geldig tot {expires_at:%Y-%m-%d}"
        )[:500],
    )
    return api_token, token


@transaction.atomic
def revoke_api_token(api_token: ApiToken, by) -> None:
    if not may_issue_api_tokens(by):
        raise PermissionDenied(_("Only a functional administrator revokes API tokens."))
    if api_token.revoked_at is not None:
        return
    api_token.revoked_at = timezone.now()
    api_token.save(update_fields=["revoked_at"])
    record(
        by,
        AuditAction.CHANGE,
        obj=api_token,
        purpose=Purpose.ADMINISTRATION,
        detail=f"API-token {api_token.prefix} ingetrokken",
    )
