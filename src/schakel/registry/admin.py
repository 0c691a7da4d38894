"""Areas (CBS wijk/buurt) are reference data for the functioneel beheerder. Persons, addresses
and businesses are deliberately not registered: personal data is read only through the
access-controlled, audited screens."""

from django.contrib import admin

from .models import Area


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "cbs_code", "parent")
    list_filter = ("kind",)
    search_fields = ("name", "cbs_code")
    autocomplete_fields = ("parent",)
