"""Forms for importing incidents and choosing what to analyse."""

from django import forms
from django.utils.translation import gettext_lazy as _

from schakel.analytics.hotspots import CELL_SIZES, DEFAULT_CELL_SIZE
from schakel.organisations.models import Organisation

from . import selectors


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "CSV or Parquet with the columns id, datetime, category and x, y (RD New) or lat, lon "
            "(WGS84); optionally source. Large files are better imported with "
            "manage.py import_incidents."
        ),
    )
    source = forms.ModelChoiceField(
        label=_("Source organisation"),
        queryset=Organisation.objects.filter(is_active=True),
        required=False,
        help_text=_("Used for rows without a source."),
    )
    skip_invalid = forms.BooleanField(
        label=_("Skip invalid rows"),
        required=False,
        help_text=_("Import the valid rows even when some rows are invalid."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith((".csv", ".parquet", ".pq")):
            raise forms.ValidationError(_("Use a .csv or .parquet file."))
        return upload


class AnalysisForm(forms.Form):
    """Cell size, category and dates: the choices shared by every analysis page (GET)."""

    cell_size = forms.TypedChoiceField(
        label=_("Cell size"),
        choices=[(s, f"{s} m") for s in CELL_SIZES],
        coerce=int,
        initial=DEFAULT_CELL_SIZE,
        required=False,
        empty_value=DEFAULT_CELL_SIZE,
    )
    category = forms.ChoiceField(label=_("Category"), required=False)
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("Up to and including"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("All categories"))] + [
            (c, c) for c in selectors.categories()
        ]

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("The start date lies after the end date."))
        return data

    def filters(self) -> dict:
        data = self.cleaned_data
        return {
            "category": data.get("category") or None,
            "start": data.get("start"),
            "end": data.get("end"),
        }


class EmergingForm(AnalysisForm):
    period = forms.ChoiceField(
        label=_("Period"),
        choices=[("month", _("Month")), ("week", _("Week"))],
        initial="month",
        required=False,
    )


class ForecastForm(AnalysisForm):
    train_months = forms.IntegerField(
        label=_("Training months (k)"),
        min_value=1,
        max_value=240,
        initial=12,
        required=False,
        help_text=_("Train on the first k months; the forecast is scored on month k + 1."),
    )
    percent = forms.FloatField(
        label=_("Share of cells predicted (%)"),
        min_value=0.1,
        max_value=100,
        initial=5,
        required=False,
    )
    method = forms.ChoiceField(
        label=_("Ranking"),
        choices=[("count", _("Incident count")), ("gi", _("Gi* z-score"))],
        initial="count",
        required=False,
    )
