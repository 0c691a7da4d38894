"""Changes of category grants, with four eyes: one person requests, another decides.

A `CategoryGrant` decides which partner kinds see justice, care or tax data. Nobody changes one
directly (its admin is read-only): `request_grant_change` records what should change, and only
`approve_grant_request` by a second, different person applies it. Request, approval and rejection
are each written to the audit chain with the old and new values.

Who may do what is decided here, not in `access.policy`: `organisations` sits below `access`.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from schakel.audit.models import AuditAction, Purpose
from schakel.audit.services import record

from .models import CategoryGrant, CategoryGrantRequest, Role

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
