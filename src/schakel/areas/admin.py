"""The finding catalogue of joint inspections, maintained by the functioneel beheerder. Plans,
inspections, findings, owners and residents' reports are worked on in the UI, not the admin."""

from django.contrib import admin

from .models import FindingType


@admin.register(FindingType)
class FindingTypeAdmin(admin.ModelAdmin):
    list_display = ("name", "data_category", "intervention_type", "legal_term_days", "is_active")
    list_filter = ("data_category", "is_active")
    search_fields = ("name", "legal_basis")
