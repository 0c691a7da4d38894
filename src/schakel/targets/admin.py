"""Configuration of the person-oriented approach for the functioneel beheerder: offence
categories and codes, target-group rules and lists, assessment instruments, program theories.
Registrations, decisions and memberships hold personal data and are not in the admin."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .metrics import INDICATORS
from .models import (
    AssessmentInstrument,
    InstrumentDomain,
    JudicialDecision,
    OffenceCategory,
    OffenceCode,
    ProgramTheory,
    RegistrationImport,
    TargetGroupRule,
    TargetList,
    TheoryBox,
)


class OffenceCodeInline(admin.TabularInline):
    model = OffenceCode
    extra = 1


@admin.register(OffenceCategory)
class OffenceCategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "code")
    inlines = [OffenceCodeInline]


@admin.register(OffenceCode)
class OffenceCodeAdmin(admin.ModelAdmin):
    list_display = ("code", "description", "category")
    list_filter = ("category",)
    search_fields = ("code", "description")


class RuleForm(forms.ModelForm):
    decisions = forms.MultipleChoiceField(
        label=_("Decisions that count"),
        choices=JudicialDecision.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = TargetGroupRule
        fields = [
            "code",
            "name",
            "description",
            "categories",
            "decisions",
            "window_years",
            "min_count",
            "min_age",
            "max_age",
            "is_active",
        ]


@admin.register(TargetGroupRule)
class TargetGroupRuleAdmin(admin.ModelAdmin):
    form = RuleForm
    list_display = ("name", "code", "window_years", "min_count", "min_age", "max_age", "is_active")
    filter_horizontal = ("categories",)


@admin.register(TargetList)
class TargetListAdmin(admin.ModelAdmin):
    list_display = ("name", "rule", "host_organisation", "is_active")
    filter_horizontal = ("team",)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "team":
            from schakel.access.policy import TARGET_PERSON_ROLES
            from schakel.organisations.models import User

            kwargs["queryset"] = User.objects.filter(role__in=TARGET_PERSON_ROLES, is_active=True)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class InstrumentDomainInline(admin.TabularInline):
    model = InstrumentDomain
    extra = 0


@admin.register(AssessmentInstrument)
class AssessmentInstrumentAdmin(admin.ModelAdmin):
    list_display = ("name", "version", "code", "is_active")
    inlines = [InstrumentDomainInline]


class TheoryBoxForm(forms.ModelForm):
    indicators = forms.MultipleChoiceField(
        label=_("Indicators"),
        choices=list(INDICATORS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = TheoryBox
        fields = ["kind", "text", "order", "indicators"]


class TheoryBoxInline(admin.StackedInline):
    model = TheoryBox
    form = TheoryBoxForm
    extra = 1


@admin.register(ProgramTheory)
class ProgramTheoryAdmin(admin.ModelAdmin):
    list_display = ("title", "target_list", "updated_at")
    inlines = [TheoryBoxInline]


@admin.register(RegistrationImport)
class RegistrationImportAdmin(admin.ModelAdmin):
    list_display = ("imported_at", "source", "file_name", "rows", "created", "updated", "unchanged")
    readonly_fields = [f.name for f in RegistrationImport._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
