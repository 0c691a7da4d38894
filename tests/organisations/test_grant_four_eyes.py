"""Category grants change only with four eyes (issue 9): one functioneel beheerder requests, a
second person (another beheerder or the privacy officer) approves; nobody alone, not through the
grant's admin, not by approving their own request. Request and decision are audited."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse

from schakel.audit.models import AuditAction, AuditEntry, Purpose
from schakel.organisations import services
from schakel.organisations.models import (
    CategoryGrant,
    CategoryGrantRequest,
    DataCategory,
    OrganisationKind,
    Role,
)
from tests.factories import make_user

pytestmark = pytest.mark.django_db

HOUSING, CARE = OrganisationKind.HOUSING, DataCategory.CARE


def _staff(role, username, codenames):
    user = make_user(role, OrganisationKind.MUNICIPALITY, username, f"Org {username}")
    user.is_staff = True
    user.save()
    group, _ = Group.objects.get_or_create(name=f"group {username}")
    group.permissions.set(
        Permission.objects.filter(content_type__app_label="organisations", codename__in=codenames)
    )
    user.groups.add(group)
    return user


BEHEER = [
    f"{action}_{model}"
    for action in ("add", "change", "view", "delete")
    for model in ("categorygrant", "categorygrantrequest")
]


@pytest.fixture
def beheerder():
    return _staff(Role.ADMINISTRATOR, "beheerder", BEHEER)


@pytest.fixture
def tweede_beheerder():
    return _staff(Role.ADMINISTRATOR, "beheerder2", BEHEER)


@pytest.fixture
def privacy_officer():
    return _staff(Role.AUDITOR, "privacy", ["view_categorygrant", "view_categorygrantrequest"])


def _housing_sees_care() -> bool:
    return CategoryGrant.objects.filter(organisation_kind=HOUSING, category=CARE).exists()


def _request_through_admin(client, **fields):
    data = {
        "change": "add",
        "organisation_kind": HOUSING,
        "category": CARE,
        "legal_basis": "art. 10 Wpg",
        "reason": "convenant",
    }
    data.update(fields)
    return client.post(reverse("admin:organisations_categorygrantrequest_add"), data)


def _decide(client, action, grant_request):
    return client.post(
        reverse("admin:organisations_categorygrantrequest_changelist"),
        {"action": action, "_selected_action": [grant_request.pk]},
    )


def test_the_grant_admin_no_longer_changes_grants_directly(client_for, beheerder):
    client = client_for(beheerder)
    response = client.post(
        reverse("admin:organisations_categorygrant_add"),
        {"organisation_kind": HOUSING, "category": CARE, "legal_basis": "alleen ik"},
    )
    assert response.status_code == 403
    assert not _housing_sees_care()
    grant = CategoryGrant.objects.filter(organisation_kind=OrganisationKind.POLICE).first()
    for url, data in (
        (
            reverse("admin:organisations_categorygrant_change", args=[grant.pk]),
            {"legal_basis": "x"},
        ),
        (reverse("admin:organisations_categorygrant_delete", args=[grant.pk]), {"post": "yes"}),
    ):
        client.post(url, data)
    assert CategoryGrant.objects.filter(pk=grant.pk, legal_basis=grant.legal_basis).exists()


def test_one_beheerder_alone_cannot_make_a_grant_effective(client_for, beheerder):
    client = client_for(beheerder)
    assert _request_through_admin(client).status_code == 302
    grant_request = CategoryGrantRequest.objects.get()
    assert grant_request.status == CategoryGrantRequest.Status.PENDING
    assert not _housing_sees_care()
    _decide(client, "approve", grant_request)  # their own request
    grant_request.refresh_from_db()
    assert grant_request.status == CategoryGrantRequest.Status.PENDING
    assert not _housing_sees_care()
    with pytest.raises(PermissionDenied):
        services.approve_grant_request(grant_request, beheerder)
    # The database refuses it too.
    grant_request.decided_by = beheerder
    with pytest.raises(IntegrityError), transaction.atomic():
        grant_request.save()


def test_a_second_beheerder_approves_and_the_grant_takes_effect(
    client_for, beheerder, tweede_beheerder
):
    _request_through_admin(client_for(beheerder))
    grant_request = CategoryGrantRequest.objects.get()
    assert _decide(client_for(tweede_beheerder), "approve", grant_request).status_code == 302
    grant_request.refresh_from_db()
    assert grant_request.status == CategoryGrantRequest.Status.APPROVED
    assert grant_request.decided_by == tweede_beheerder
    assert CategoryGrant.objects.get(organisation_kind=HOUSING, category=CARE).legal_basis == (
        "art. 10 Wpg"
    )
    entries = AuditEntry.objects.filter(purpose=Purpose.ADMINISTRATION).order_by("id")
    request_entry, approval = list(entries)
    assert request_entry.user_id_ref == beheerder.pk
    assert "None -> ('woningcorporatie', 'care', 'art. 10 Wpg')" in request_entry.detail
    assert approval.user_id_ref == tweede_beheerder.pk
    assert approval.action == AuditAction.CREATE
    assert "goedgekeurd" in approval.detail and "art. 10 Wpg" in approval.detail


def test_the_privacy_officer_rejects_and_nothing_changes(client_for, beheerder, privacy_officer):
    grant = CategoryGrant.objects.filter(organisation_kind=OrganisationKind.POLICE).first()
    grant_request = services.request_grant_change(
        beheerder, "remove", grant.organisation_kind, grant.category
    )
    assert _decide(client_for(privacy_officer), "reject", grant_request).status_code == 302
    grant_request.refresh_from_db()
    assert grant_request.status == CategoryGrantRequest.Status.REJECTED
    assert CategoryGrant.objects.filter(pk=grant.pk).exists()
    rejection = AuditEntry.objects.filter(purpose=Purpose.ADMINISTRATION).order_by("id").last()
    assert rejection.user_id_ref == privacy_officer.pk
    assert "afgewezen" in rejection.detail and grant.legal_basis[:20] in rejection.detail


def test_a_change_and_a_removal_need_approval_and_are_audited_with_old_values(
    beheerder, privacy_officer
):
    grant = CategoryGrant.objects.filter(organisation_kind=OrganisationKind.POLICE).first()
    old = grant.legal_basis
    change = services.request_grant_change(
        beheerder, "change", grant.organisation_kind, grant.category, "nieuwe grondslag"
    )
    grant.refresh_from_db()
    assert grant.legal_basis == old
    services.approve_grant_request(change, privacy_officer)
    grant.refresh_from_db()
    assert grant.legal_basis == "nieuwe grondslag"
    removal = services.request_grant_change(
        beheerder, "remove", grant.organisation_kind, grant.category
    )
    assert CategoryGrant.objects.filter(pk=grant.pk).exists()
    services.approve_grant_request(removal, privacy_officer)
    assert not CategoryGrant.objects.filter(pk=grant.pk).exists()
    last = AuditEntry.objects.filter(purpose=Purpose.ADMINISTRATION).order_by("id").last()
    assert last.action == AuditAction.DELETE
    assert "'nieuwe grondslag') -> None" in last.detail


def test_only_a_beheerder_requests_and_only_beheerders_or_the_privacy_officer_decide(
    beheerder, regisseur
):
    with pytest.raises(PermissionDenied):
        services.request_grant_change(regisseur, "add", HOUSING, CARE, "x")
    grant_request = services.request_grant_change(beheerder, "add", HOUSING, CARE, "x")
    with pytest.raises(PermissionDenied):
        services.approve_grant_request(grant_request, regisseur)
    assert not _housing_sees_care()
