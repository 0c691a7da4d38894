"""Configuration by the functioneel beheerder: partners, users and their roles, category grants.

Who may see what follows from a user's role and organisation and from the category grants, so
changing them is changing access: the beheerder cannot raise anyone (themselves included) to
staff or superuser, nor hand out permissions or groups; nobody changes their own role or
organisation; superusers are changed only by superusers; and every change of a role, an
organisation, staff/superuser/active or a grant is written to the audit chain with its old and
new value (issue 9). Grants change only with four eyes: a request here, a second person's
approval (`services`).
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from schakel.audit.models import AuditAction, Purpose
from schakel.audit.services import record

from . import services
from .models import ApiScope, ApiToken, CategoryGrant, CategoryGrantRequest, Organisation, User

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


# django-otp's own admin shows every device's secret key and QR code: whoever saw it could make
# codes for that user. The beheerder only resets a device (UserAdmin below); the user enrols anew.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)
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
    actions = ["reset_two_factor"]

    @admin.action(description=_("Reset two-factor log-in (the user enrols again)"))
    def reset_two_factor(self, request, queryset):
        """Recovery for a lost phone: remove the user's TOTP devices, so the next log-in leads to
        enrolment. Never one's own (a second person decides), nor a superuser's unless by one."""
        reset = 0
        with transaction.atomic():
            for user in queryset:
                if user.pk == request.user.pk or not self.has_change_permission(request, user):
                    continue
                removed, _by_model = TOTPDevice.objects.filter(user=user).delete()
                if removed:
                    record(
                        request.user,
                        AuditAction.DELETE,
                        obj=user,
                        purpose=Purpose.ADMINISTRATION,
                        detail="tweede factor gereset",
                    )
                    reset += 1
        self.message_user(
            request,
            ngettext(
                "Two-factor log-in reset for %(count)d user.",
                "Two-factor log-in reset for %(count)d users.",
                reset,
            )
            % {"count": reset},
            messages.SUCCESS,
        )

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
    """Read-only: a grant changes only through an approved request (four eyes, services.py)."""

    list_display = ("organisation_kind", "category", "legal_basis")
    list_filter = ("organisation_kind", "category")
    search_fields = ("legal_basis",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CategoryGrantRequestForm(forms.ModelForm):
    class Meta:
        model = CategoryGrantRequest
        fields = ("change", "organisation_kind", "category", "legal_basis", "reason")

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            services.check_grant_change(
                cleaned["change"],
                cleaned["organisation_kind"],
                cleaned["category"],
                cleaned.get("legal_basis", ""),
            )
        return cleaned


@admin.register(CategoryGrantRequest)
class CategoryGrantRequestAdmin(admin.ModelAdmin):
    """A functioneel beheerder requests a grant change here; a second person approves or rejects
    it with the actions of the list. A request is never edited."""

    form = CategoryGrantRequestForm
    list_display = (
        "change",
        "organisation_kind",
        "category",
        "legal_basis",
        "previous_legal_basis",
        "status",
        "requested_by",
        "requested_at",
        "decided_by",
        "decided_at",
    )
    list_filter = ("status", "change", "organisation_kind", "category")
    actions = ["approve", "reject"]

    def has_add_permission(self, request):
        return services.may_request_grant_change(request.user) and super().has_add_permission(
            request
        )

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        created = services.request_grant_change(
            request.user,
            obj.change,
            obj.organisation_kind,
            obj.category,
            obj.legal_basis,
            obj.reason,
        )
        obj.pk = created.pk

    def _decide(self, request, queryset, decide, done_message):
        decided = 0
        for grant_request in queryset:
            try:
                decide(grant_request, request.user)
            except (PermissionDenied, ValidationError) as refusal:
                message = "; ".join(getattr(refusal, "messages", None) or [str(refusal)])
                self.message_user(request, f"{grant_request}: {message}", messages.ERROR)
            else:
                decided += 1
        if decided:
            self.message_user(request, done_message % {"count": decided}, messages.SUCCESS)

    @admin.action(description=_("Approve the selected requests (as the second person)"))
    def approve(self, request, queryset):
        self._decide(
            request, queryset, services.approve_grant_request, _("%(count)d request(s) approved.")
        )

    @admin.action(description=_("Reject the selected requests"))
    def reject(self, request, queryset):
        self._decide(
            request, queryset, services.reject_grant_request, _("%(count)d request(s) rejected.")
        )


class ApiTokenForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        label=_("scopes"), choices=ApiScope.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = ApiToken
        fields = ("name", "user", "scopes", "expires_at")

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            services.check_api_token(cleaned["user"], cleaned["scopes"], cleaned["expires_at"])
        return cleaned


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """The functioneel beheerder issues a token for a system client (shown once) and revokes it;
    a token is never edited: issue a new one."""

    form = ApiTokenForm
    list_display = (
        "name",
        "prefix",
        "organisation",
        "user",
        "scope_list",
        "expires_at",
        "revoked_at",
        "last_used_at",
    )
    list_filter = ("organisation",)
    autocomplete_fields = ("user",)
    actions = ["revoke"]

    @admin.display(description=_("scopes"))
    def scope_list(self, obj):
        return ", ".join(obj.scopes)

    def has_add_permission(self, request):
        return services.may_issue_api_tokens(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        api_token, token = services.issue_api_token(
            request.user, obj.name, obj.user, form.cleaned_data["scopes"], obj.expires_at
        )
        obj.pk, obj.prefix = api_token.pk, api_token.prefix
        request.schakel_issued_token = (api_token, token)  # per request: admins are shared

    def response_add(self, request, obj, post_url_continue=None):
        api_token, token = request.schakel_issued_token
        response = TemplateResponse(
            request,
            "admin/organisations/apitoken/issued.html",
            {
                **self.admin_site.each_context(request),
                "api_token": api_token,
                "token": token,
                "opts": self.opts,
            },
        )
        add_never_cache_headers(response)  # the clear token is in this page, once
        return response

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        try:
            for api_token in queryset:
                services.revoke_api_token(api_token, request.user)
        except PermissionDenied as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
