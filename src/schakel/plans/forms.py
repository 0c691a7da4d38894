"""Forms for the action plan on the case page.

Labels are stable: the browser tests fill the forms by them ("Intervention", "Owning
organisation", "Deadline", "Goal", "Status", "Result"). The goal text of the add-goal form is
labelled "What should be achieved" so that it is never confused with the intervention's "Goal".
"""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from schakel.access import policy
from schakel.organisations.models import Organisation, OrganisationKind, User

from .models import Goal, InterventionStatus, InterventionType
from .workflow import can_transition_intervention

APPROACH_SHORT = {
    InterventionType.Approach.CARROT: _("carrot"),
    InterventionType.Approach.STICK: _("stick"),
}


def catalogue_label(intervention_type: InterventionType) -> str:
    """'Schuldhulpverlening — Care, carrot (usually: Municipality)'."""
    return _("%(name)s — %(domain)s, %(approach)s (usually: %(owner)s)") % {
        "name": intervention_type.name,
        "domain": intervention_type.get_domain_display(),
        "approach": APPROACH_SHORT.get(intervention_type.approach, intervention_type.approach),
        "owner": OrganisationKind(intervention_type.owner_kind).label,
    }


class CatalogueChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return catalogue_label(obj)


class GoalForm(forms.Form):
    prefix = "goal"  # the case page holds many forms: keep the field ids apart

    description = forms.CharField(
        label=_("What should be achieved"),
        max_length=Goal._meta.get_field("description").max_length,
        help_text=_("A goal the partners agree on, e.g. 'Stable housing within three months'."),
    )


class InterventionForm(forms.Form):
    prefix = "new-intervention"

    type = CatalogueChoiceField(
        label=_("Intervention"),
        queryset=InterventionType.objects.none(),
        help_text=_("From the intervention catalogue: domain, carrot or stick, usual owner."),
    )
    owner_organisation = forms.ModelChoiceField(
        label=_("Owning organisation"),
        queryset=Organisation.objects.none(),
        help_text=_(
            "Usually the kind of organisation the catalogue names. Only organisations that take "
            "part in the case are listed: invite a partner to the case first."
        ),
    )
    owner = forms.ModelChoiceField(
        label=_("Responsible professional"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Optional; must work at the owning organisation."),
    )
    deadline = forms.DateField(
        label=_("Deadline"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Leave empty to use the catalogue's usual term."),
    )
    goal = forms.ModelChoiceField(
        label=_("Goal"),
        queryset=Goal.objects.none(),
        required=False,
        help_text=_("The goal of the plan this intervention serves (optional)."),
    )
    description = forms.CharField(
        label=_("What exactly"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
        help_text=_("Only what the partners need to know."),
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        taking_part = case.participations.filter(ended_at__isnull=True).values("organisation")
        organisations = Organisation.objects.filter(
            Q(pk__in=taking_part) | Q(pk=case.host_organisation_id)
        ).order_by("name")
        self.fields["type"].queryset = InterventionType.objects.filter(is_active=True)
        self.fields["owner_organisation"].queryset = organisations
        self.fields["owner"].queryset = (
            User.objects.filter(
                organisation__in=organisations,
                is_active=True,
                role__in=policy.CASE_WORKING_ROLES,
            )
            .select_related("organisation")
            .order_by("organisation__name", "last_name", "first_name")
        )
        self.fields["goal"].queryset = Goal.objects.filter(plan__case=case)


class InterventionUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=InterventionStatus.choices)
    result = forms.CharField(
        label=_("Result"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=4000,
        help_text=_("Required when marking done; the reason when cancelling."),
    )

    def __init__(self, *args, intervention, **kwargs):
        kwargs.setdefault("prefix", f"intervention-{intervention.pk}")
        kwargs.setdefault("initial", {"status": intervention.status, "result": intervention.result})
        super().__init__(*args, **kwargs)
        # Only the steps the workflow table allows (and staying, to report progress).
        self.fields["status"].choices = [
            (value, label)
            for value, label in InterventionStatus.choices
            if value == intervention.status
            or can_transition_intervention(intervention.status, value)
        ]
