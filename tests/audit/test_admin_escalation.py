"""The functioneel beheerder cannot raise anyone's rights through the admin, nobody changes their
own role or organisation, and every change of access is in the audit chain with old and new
values (issue 9: a beheerder made themselves superuser and read every case, unaudited)."""

import pytest
from django.urls import reverse

from schakel.audit.models import AuditAction, AuditEntry, Purpose
from schakel.organisations.models import Organisation, OrganisationKind, Role, User
from tests.factories import make_staff_beheerder, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def beheerder():
    """As the demo sets the beheerder up: staff, with a group that may manage users and grants."""
    return make_staff_beheerder("user", "categorygrant", "organisation")


def _user_form(user: User, **changes) -> dict:
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "organisation": user.organisation_id,
        "role": user.role,
        "job_title": user.job_title,
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "last_login_0": "",
        "last_login_1": "",
    }
    if user.is_staff:
        data["is_staff"] = "on"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_the_beheerder_cannot_make_themselves_superuser(client_for, beheerder):
    client = client_for(beheerder)
    url = reverse("admin:organisations_user_change", args=[beheerder.pk])
    client.post(url, _user_form(beheerder, is_superuser="on"))
    beheerder.refresh_from_db()
    assert not beheerder.is_superuser


def test_the_beheerder_cannot_give_themselves_a_case_role(client_for, beheerder):
    safety_house = Organisation.objects.create(name="VH", kind=OrganisationKind.SAFETY_HOUSE)
    client = client_for(beheerder)
    url = reverse("admin:organisations_user_change", args=[beheerder.pk])
    client.post(
        url,
        _user_form(beheerder, role=Role.PROCESS_DIRECTOR, organisation=safety_house.pk),
    )
    beheerder.refresh_from_db()
    assert beheerder.role == Role.ADMINISTRATOR
    assert beheerder.organisation_id != safety_house.pk


def test_the_beheerder_cannot_make_another_user_staff_or_superuser(client_for, beheerder):
    other = make_user(Role.PROFESSIONAL, OrganisationKind.POLICE, "agent")
    url = reverse("admin:organisations_user_change", args=[other.pk])
    client_for(beheerder).post(url, _user_form(other, is_staff="on", is_superuser="on"))
    other.refresh_from_db()
    assert not other.is_staff and not other.is_superuser


def test_a_superuser_is_changed_only_by_a_superuser(client_for, beheerder):
    root = User.objects.create_superuser("root", "root@example.invalid", "geheim-wachtwoord")
    url = reverse("admin:organisations_user_change", args=[root.pk])
    response = client_for(beheerder).post(url, _user_form(root, is_active=None))
    assert response.status_code == 403
    root.refresh_from_db()
    assert root.is_active


def test_a_role_change_is_audited_with_old_and_new_values(client_for, beheerder):
    other = make_user(Role.PROFESSIONAL, OrganisationKind.POLICE, "agent")
    url = reverse("admin:organisations_user_change", args=[other.pk])
    response = client_for(beheerder).post(url, _user_form(other, role=Role.COORDINATOR))
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.role == Role.COORDINATOR
    entry = AuditEntry.objects.get(purpose=Purpose.ADMINISTRATION, object_id=str(other.pk))
    assert entry.action == AuditAction.CHANGE
    assert "role: 'professional' -> 'coordinator'" in entry.detail
    assert entry.user_id_ref == beheerder.pk


# Category grant changes (four eyes, audited with old and new values):
# tests/organisations/test_grant_four_eyes.py
