"""The escalation ladder and the intake criteria are data the functioneel beheerder maintains."""

from django.contrib import admin

from .models import EscalationLevel, IntakeCriterion


@admin.register(EscalationLevel)
class EscalationLevelAdmin(admin.ModelAdmin):
    list_display = ("number", "name", "lead_description", "review_after_days", "opens_case")
    list_filter = ("opens_case",)
    ordering = ("number",)


@admin.register(IntakeCriterion)
class IntakeCriterionAdmin(admin.ModelAdmin):
    list_display = ("code", "question", "group", "order", "is_active")
    list_editable = ("order", "is_active")
    list_filter = ("group", "is_active")
    search_fields = ("code", "question")
    prepopulated_fields = {"code": ("question",)}
