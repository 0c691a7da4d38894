"""The admin is a channel too: it shows no model that holds persons (cases, signals, persons…).

Those are read only through pages and API endpoints that audit each person shown. Registering
such a model in the admin would open an unaudited channel: this test refuses it.
"""

from django.contrib import admin

from schakel.registry.models import Person


def _relates_to_persons(model) -> bool:
    if model is Person:
        return True
    return any(
        getattr(field, "related_model", None) is Person
        for field in model._meta.get_fields()
        if not field.auto_created or field.concrete
    )


def test_no_admin_page_shows_persons():
    exposed = [model._meta.label for model in admin.site._registry if _relates_to_persons(model)]
    assert exposed == []
