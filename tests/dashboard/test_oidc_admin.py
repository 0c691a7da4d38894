"""The beheerder sets an organisation's code at the identity provider in the admin (audited: it
decides who logs in as that organisation); nobody edits a user's identity at the provider there."""

import pytest
from django.urls import reverse

from schakel.audit.models import AuditAction, AuditEntry
from schakel.organisations.models import Organisation, OrganisationKind, Role
from tests.factories import make_staff_beheerder, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def beheerder():
    return make_staff_beheerder("user", "organisation")


def test_a_changed_organisation_code_is_audited_with_old_and_new_value(client_for, beheerder):
    organisation = Organisation.objects.create(
        name="Politie Lindewaard", kind=OrganisationKind.POLICE, code="OUD"
    )
    url = reverse("admin:organisations_organisation_change", args=[organisation.pk])
    response = client_for(beheerder).post(
        url,
        {"name": organisation.name, "kind": organisation.kind, "is_active": "on", "code": "NIEUW"},
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.code == "NIEUW"
    entry = AuditEntry.objects.get(action=AuditAction.CHANGE, object_id=str(organisation.pk))
    assert entry.user_id_ref == beheerder.pk
    assert "code: 'OUD' -> 'NIEUW'" in entry.detail


def test_two_organisations_cannot_share_a_code():
    Organisation.objects.create(name="A", kind=OrganisationKind.POLICE, code="X")
    Organisation.objects.create(name="B", kind=OrganisationKind.POLICE)  # empty codes are fine
    Organisation.objects.create(name="C", kind=OrganisationKind.POLICE)
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        Organisation.objects.create(name="D", kind=OrganisationKind.POLICE, code="X")


def test_the_identity_at_the_provider_is_read_only_in_the_user_admin(client_for, beheerder):
    other = make_user(Role.PROFESSIONAL, OrganisationKind.POLICE, "agent")
    url = reverse("admin:organisations_user_change", args=[other.pk])
    client = client_for(beheerder)
    page = client.get(url).content.decode()
    assert "oidc_subject" in page  # shown
    assert 'name="oidc_subject"' not in page  # not editable


def test_an_existing_account_is_linked_to_its_identity_by_subject(settings, regisseur):
    from django.core.management import CommandError, call_command

    settings.SCHAKEL_OIDC_ISSUER = "https://login.gemeente.example/realm"
    call_command("link_oidc_identity", "regisseur", "sub-123")
    regisseur.refresh_from_db()
    assert (regisseur.oidc_issuer, regisseur.oidc_subject) == (
        "https://login.gemeente.example/realm",
        "sub-123",
    )
    assert not regisseur.has_usable_password()
    entry = AuditEntry.objects.get(action=AuditAction.CHANGE, object_id=str(regisseur.pk))
    assert "sub-123" not in entry.detail
    other = make_user(Role.PROFESSIONAL, OrganisationKind.POLICE, "agent")
    with pytest.raises(CommandError, match="already linked"):
        call_command("link_oidc_identity", other.username, "sub-123")
