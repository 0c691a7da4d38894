"""The form renderer: Jinja2 for Django's own form and widget templates, Django's template
engine for the widget templates only it has (the admin's and django.contrib.auth's).

Django renders every widget, option and error list through a template; with Django's engine the
case page spent a third of its time there (issue 10, docs/decisions.md "Forms rendered by
Jinja2"). Django ships every form template for Jinja2 too, but the admin's widgets exist only as
Django templates, hence the fallback. Own widget templates live in an app's `jinja2/` directory
(`web/jinja2/web/widgets/`).
"""

from django.forms.renderers import DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist
from django.utils.functional import cached_property


class FormRenderer(Jinja2):
    # `{{ form }}`: the fields as every page shows them (web/jinja2/web/form_fields.html). The
    # pages include the Django template web/form_fields.html, which is just that: a form's
    # fields rendered by Jinja2 instead of Django's engine walking each field's parts.
    form_template_name = "web/form_fields.html"

    @cached_property
    def fallback(self) -> DjangoTemplates:
        return DjangoTemplates()

    def get_template(self, template_name):
        try:
            return super().get_template(template_name)
        except TemplateDoesNotExist:
            return self.fallback.get_template(template_name)
