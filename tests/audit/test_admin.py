"""The admin: configuration for the functioneel beheerder; the audit log only to read."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.urls import reverse

from schakel.audit.models import AuditAction, AuditEntry
from schakel.audit.services import record
from schakel.cases.models import Case
from schakel.intake.models import Signal
from schakel.organisations.models import OrganisationKind, Role
from schakel.plans.models import Intervention, InterventionType
from schakel.registry.models import Person
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _staff_with(*codenames):
    user = make_user(Role.ADMINISTRATOR, OrganisationKind.SAFETY_HOUSE, "beheerder")
    user.is_staff = True
    user.save()
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return user


def test_beheerder_sees_the_intervention_catalogue_with_filters(client_for):
    client = client_for(_staff_with("view_interventiontype", "change_interventiontype"))
    url = reverse("admin:plans_interventiontype_changelist")

    response = client.get(url)
    assert response.status_code == 200
    assert InterventionType.objects.exists()
    assert str(InterventionType.objects.order_by("domain", "name").first()) in response.text

    filtered = client.get(url, {"domain": "care", "approach": "carrot"})
    assert filtered.status_code == 200
    shown = set(filtered.context["cl"].result_list)
    assert shown == set(InterventionType.objects.filter(domain="care", approach="carrot"))


def test_staff_without_permission_cannot_open_the_catalogue(client_for):
    client = client_for(_staff_with())
    response = client.get(reverse("admin:plans_interventiontype_changelist"))
    assert response.status_code == 403


def test_personal_data_is_not_in_the_admin():
    for model in (Person, Case, Signal, Intervention):
        assert not admin.site.is_registered(model)


def test_audit_log_in_the_admin_is_read_only(client_for, regisseur):
    entry = record(regisseur, AuditAction.VIEW)
    client = client_for(_staff_with("view_auditentry"))

    assert client.get(reverse("admin:audit_auditentry_changelist")).status_code == 200
    assert client.get(reverse("admin:audit_auditentry_changelist"), {"q": "abc"}).status_code == 200
    assert client.get(reverse("admin:audit_auditentry_add")).status_code == 403
    change = client.post(
        reverse("admin:audit_auditentry_change", args=[entry.pk]), {"detail": "vervalst"}
    )
    assert change.status_code == 403
    delete = client.post(reverse("admin:audit_auditentry_delete", args=[entry.pk]), {"post": "yes"})
    assert delete.status_code == 403
    assert AuditEntry.objects.get(pk=entry.pk).detail == ""


def test_user_admin_shows_organisation_and_role(client_for, regisseur):
    client = client_for(_staff_with("view_user", "change_user"))
    response = client.get(reverse("admin:organisations_user_change", args=[regisseur.pk]))
    assert response.status_code == 200
    assert 'name="role"' in response.text
    assert 'name="organisation"' in response.text
    listing = client.get(reverse("admin:organisations_user_changelist"), {"role": Role.AUDITOR})
    assert listing.status_code == 200


def test_every_admin_page_opens_for_a_superuser(client_for):
    user = _staff_with()
    user.is_superuser = True
    user.save()
    client = client_for(user)
    assert client.get(reverse("admin:index")).status_code == 200
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        assert client.get(changelist).status_code == 200, changelist
        if model_admin.has_add_permission(client.get(changelist).wsgi_request):
            add = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
            assert client.get(add).status_code == 200, add
