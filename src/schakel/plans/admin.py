"""The intervention catalogue, maintained by the functioneel beheerder. Interventions on cases
hold personal data and are not in the admin."""

from django.contrib import admin

from .models import InterventionType


@admin.register(InterventionType)
class InterventionTypeAdmin(admin.ModelAdmin):
    list_display = ("name", "domain", "approach", "owner_kind", "default_days", "is_active")
    list_filter = ("domain", "approach", "owner_kind", "is_active")
    search_fields = ("name", "legal_basis", "description")
