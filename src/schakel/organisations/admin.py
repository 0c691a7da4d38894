"""Configuration by the functioneel beheerder: partners, users and their roles, category grants.

Who may see what follows from a user's role and organisation and from the category grants, so
changing them is changing access: the beheerder cannot raise anyone (themselves included) to
staff or superuser, nor hand out permissions or groups; nobody changes their own role or
organisation; superusers are changed only by superusers; and every change of a role, an
organisation, staff/superuser/active or a grant is written to the audit chain with its old and
new value (issue 9).
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from schakel.audit.models import AuditAction, Purpose
from schakel.audit.services import record

from .models import CategoryGrant, Organisation, User

# Fields whose change changes what a user may see or do.
ACCESS_FIELDS = ("role", "organisation_id", "is_active", "is_staff", "is_superuser")
ONLY_SUPERUSERS_SET = ("is_staff", "is_superuser", "groups", "user_permissions")


def _audit_change(request, obj, action: str, changes: dict) -> None:
    if changes:
        detail = "; ".join(f"{name}: {old!r} -> {new!r}" for name, (old, new) in changes.items())
        record(
            request.user,
            action,
            obj=obj,
            purpose=Purpose.ADMINISTRATION,
            detail=detail[:1000],
        )


# An organisation's code at the identity provider decides who logs in as its employee.
ORGANISATION_ACCESS_FIELDS = ("kind", "is_active", "code")


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "code", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "code")

    def save_model(self, request, obj, form, change):
        before = (
            dict(Organisation.objects.filter(pk=obj.pk).values(*ORGANISATION_ACCESS_FIELDS).first())
            if change
            else {}
        )
        super().save_model(request, obj, form, change)
        changes = {
            name: (before.get(name), getattr(obj, name))
            for name in ORGANISATION_ACCESS_FIELDS
            if before.get(name) != getattr(obj, name) and (change or getattr(obj, name))
        }
        _audit_change(request, obj, AuditAction.CHANGE if change else AuditAction.CREATE, changes)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Organisation and role"), {"fields": ("organisation", "role", "job_title")}),
        # Set by the first log-in through the identity provider (or `manage.py link_oidc_identity`).
        (_("Identity provider"), {"fields": ("oidc_issuer", "oidc_subject")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (
            _("Organisation and role"),
            {
                "classes": ("wide",),
                "fields": ("first_name", "last_name", "email", "organisation", "role", "job_title"),
            },
        ),
    )
    list_display = (
        "username",
        "first_name",
        "last_name",
        "organisation",
        "role",
        "job_title",
        "is_active",
        "is_staff",
    )
    list_filter = ("role", "organisation__kind", "organisation", "is_active", "is_staff")
    list_select_related = ("organisation",)
    autocomplete_fields = ("organisation",)

    def get_readonly_fields(self, request, obj=None):
        readonly = [*super().get_readonly_fields(request, obj), "oidc_issuer", "oidc_subject"]
        if not request.user.is_superuser:
            readonly += ONLY_SUPERUSERS_SET
        if obj is not None and obj.pk == request.user.pk:
            readonly += ["role", "organisation"]
        return readonly

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        before = (
            dict(User.objects.filter(pk=obj.pk).values(*ACCESS_FIELDS).first() or {})
            if change
            else {}
        )
        super().save_model(request, obj, form, change)
        after = {name: getattr(obj, name) for name in ACCESS_FIELDS}
        changes = {
            name: (before.get(name), value)
            for name, value in after.items()
            if before.get(name) != value and (change or value)
        }
        _audit_change(request, obj, AuditAction.CHANGE if change else AuditAction.CREATE, changes)


@admin.register(CategoryGrant)
class CategoryGrantAdmin(admin.ModelAdmin):
    list_display = ("organisation_kind", "category", "legal_basis")
    list_filter = ("organisation_kind", "category")
    search_fields = ("legal_basis",)

    def _values(self, grant) -> tuple:
        return (grant.organisation_kind, grant.category, grant.legal_basis)

    def save_model(self, request, obj, form, change):
        before = CategoryGrant.objects.filter(pk=obj.pk).first() if change else None
        super().save_model(request, obj, form, change)
        old = self._values(before) if before is not None else None
        _audit_change(
            request,
            obj,
            AuditAction.CHANGE if change else AuditAction.CREATE,
            {"grant": (old, self._values(obj))},
        )

    def delete_model(self, request, obj):
        # Recorded first, while the grant still has its id; one transaction with the delete.
        _audit_change(request, obj, AuditAction.DELETE, {"grant": (self._values(obj), None)})
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for grant in queryset:
            self.delete_model(request, grant)
