"""Forms render through Jinja2 (issue 10: a third of the case page's time went into widget
templates), with Django's engine behind it for the widgets that exist only as Django templates
(the admin's, django.contrib.auth's)."""

from django import forms
from django.contrib.auth.forms import ReadOnlyPasswordHashWidget
from django.forms.renderers import get_default_renderer

from schakel.web.forms import DatalistInput
from schakel.web.renderers import FormRenderer


class PickForm(forms.Form):
    case = forms.CharField(widget=DatalistInput(options=[("C-1", "Overlast <Lindehof>")]))
    kind = forms.ChoiceField(choices=[("a", "Eén"), ("b", "Twee")])


def test_the_default_renderer_is_jinja2_with_django_templates_behind_it():
    renderer = get_default_renderer()
    assert isinstance(renderer, FormRenderer)
    assert renderer.get_template("django/forms/widgets/select.html").__module__.startswith(
        "django.template.backends.jinja2"
    )


def test_own_widgets_render_escaped_with_their_datalist():
    html = str(PickForm(data={"case": "C-1", "kind": "b"})["case"])
    assert 'list="id_case-options"' in html
    assert '<datalist id="id_case-options"><option value="C-1">' in html
    assert "Overlast &lt;Lindehof&gt;" in html  # escaped, as Django's engine does
    select = str(PickForm(data={"case": "C-1", "kind": "b"})["kind"])
    assert '<option value="b" selected>Twee</option>' in select


def test_errors_render_as_a_list_the_field_points_to():
    form = PickForm(data={"kind": "x"})
    assert not form.is_valid()
    assert str(form["kind"].errors).startswith('<ul class="errorlist" id="id_kind_error"><li>')
    assert 'aria-describedby="id_kind_error"' in str(form["kind"])


def test_a_widget_only_django_templates_have_still_renders():
    widget = ReadOnlyPasswordHashWidget()
    html = widget.render("password", "not a hash", {"id": "id_password"})
    assert html.startswith('<div id="id_password">')
    assert "Invalid password format" in html


class EveryKindForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    title = forms.CharField(label="Titel", help_text="Zonder persoonsgegevens <b>graag</b>")
    level = forms.ChoiceField(
        label="Niveau", choices=[("1", "Eén"), ("2", "Twee")], widget=forms.RadioSelect
    )
    agree = forms.BooleanField(label="Akkoord", help_text="Verplicht")

    def clean(self):
        raise forms.ValidationError("Het geheel klopt niet.")


def test_a_page_includes_a_forms_fields_rendered_by_jinja2():
    from django.template import engines

    renderer = get_default_renderer()
    assert renderer.form_template_name == "web/form_fields.html"
    assert renderer.get_template("web/form_fields.html").__module__.startswith(
        "django.template.backends.jinja2"
    )
    page = engines["django"].from_string('{% include "web/form_fields.html" %}')
    html = page.render({"form": EveryKindForm(data={"token": "t", "level": "9"})})
    assert html.index('<div class="alert alert--error" role="alert">') < html.index("Het geheel")
    assert '<input type="hidden" name="token" value="t" id="id_token">' in html
    # label, help text (escaped) the input points to, the error list it points to
    assert '<label for="id_title">Titel:</label>' in html
    assert (
        '<span class="helptext" id="id_title_helptext">Zonder persoonsgegevens '
        "&lt;b&gt;graag&lt;/b&gt;</span>" in html
    )
    assert 'aria-describedby="id_title_helptext id_title_error"' in html
    assert '<div class="field field--error">' in html
    # radio buttons in a fieldset whose legend marks the field required
    assert "<fieldset><legend>Niveau *</legend>" in html
    assert '<label for="id_level_1">Twee</label>' in html
    # a checkbox: the box, then its label
    assert '<div class="field field--error field--checkbox">' in html
    assert html.index('name="agree"') < html.index('<label for="id_agree">Akkoord:</label>')
    assert page.render({"form": None}).strip() == ""
