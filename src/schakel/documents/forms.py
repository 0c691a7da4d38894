from django import forms
from django.utils.translation import gettext_lazy as _

from schakel.access import policy
from schakel.organisations.models import DataCategory


class DocumentForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("A PDF, a photo (JPEG or PNG) or a text document (ODT or DOCX)."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.jpg,.jpeg,.png,.odt,.docx,image/*,application/pdf"}
        ),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("What it is, without personal data; the file name when left empty."),
    )
    data_category = forms.ChoiceField(label=_("Kind of information"))

    def __init__(self, *args, user, photo=False, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = policy.allowed_categories(user)
        self.fields["data_category"].choices = [c for c in DataCategory.choices if c[0] in allowed]
        if photo:  # on a phone: take the photo with the camera straight away
            self.fields["file"].widget.attrs.update({"accept": "image/*", "capture": "environment"})


class LetterForm(forms.Form):
    template = forms.ModelChoiceField(
        label=_("Letter"), queryset=None, widget=forms.RadioSelect, empty_label=None
    )
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[("odt", _("ODT (to edit before sending)")), ("pdf", _("PDF"))],
        widget=forms.RadioSelect,
        initial="odt",
    )
    keep = forms.BooleanField(
        label=_("Also keep it with the case's documents"), required=False, initial=False
    )

    def __init__(self, *args, templates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = templates
        if templates.count() == 1:
            self.fields["template"].initial = templates.first()
