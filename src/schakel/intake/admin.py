"""Signal categories are configuration; signals themselves hold personal data and stay out of
the admin (they are read through the access-controlled, audited screens only)."""

from django.contrib import admin

from .models import SignalCategory


@admin.register(SignalCategory)
class SignalCategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name",)
