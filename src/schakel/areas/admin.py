"""The finding catalogue of joint inspections and the statements of the neighbourhood survey,
maintained by the functioneel beheerder. Plans, inspections, findings, owners, surveys and
residents' reports are worked on in the UI, not the admin."""

from django.contrib import admin

from .models import FindingType, SurveyQuestion


@admin.register(FindingType)
class FindingTypeAdmin(admin.ModelAdmin):
    list_display = ("name", "data_category", "intervention_type", "legal_term_days", "is_active")
    list_filter = ("data_category", "is_active")
    search_fields = ("name", "legal_basis")


@admin.register(SurveyQuestion)
class SurveyQuestionAdmin(admin.ModelAdmin):
    """A survey keeps the statements it opened with: editing one here changes later surveys."""

    list_display = ("text", "theme", "agreeing_is_good", "order", "is_active")
    list_filter = ("theme", "is_active")
    list_editable = ("order", "is_active")
    search_fields = ("text",)
