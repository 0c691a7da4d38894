"""Configuration by the functioneel beheerder: partners, users and their roles, category grants."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import CategoryGrant, Organisation, User


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name",)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Organisation and role"), {"fields": ("organisation", "role", "job_title")}),
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


@admin.register(CategoryGrant)
class CategoryGrantAdmin(admin.ModelAdmin):
    list_display = ("organisation_kind", "category", "legal_basis")
    list_filter = ("organisation_kind", "category")
    search_fields = ("legal_basis",)
