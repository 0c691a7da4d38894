from django.contrib import admin

from .models import LetterTemplate


@admin.register(LetterTemplate)
class LetterTemplateAdmin(admin.ModelAdmin):
    list_display = ("title", "intervention_type", "is_active")
    list_filter = ("is_active", "intervention_type")
    search_fields = ("title", "body")
