"""The audit log in the admin: read-only, for those granted the view permission."""

from django.contrib import admin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "timestamp",
        "username",
        "organisation_name",
        "role",
        "action",
        "object_type",
        "object_id",
        "person_id_ref",
        "purpose",
        "client_address",
    )
    list_filter = ("action", "role", "object_type", "organisation_name", "timestamp")
    date_hierarchy = "timestamp"
    search_fields = ("=username", "=object_id", "=person_id_ref", "=client_address", "=session_ref")
    ordering = ("-id",)
    list_per_page = 50
    show_full_result_count = False  # a count of the whole log is slow and not needed

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
