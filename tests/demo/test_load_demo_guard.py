"""load_demo never mixes fictional data into an installation that holds other data."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from schakel.cases.models import Case
from schakel.demo.models import DemoInstallation
from schakel.registry.models import Person
from tests.factories import PersonFactory


@pytest.mark.django_db
def test_load_demo_leaves_an_installation_with_real_data_alone():
    PersonFactory()
    output = StringIO()
    call_command("load_demo", stdout=output)
    assert "Nothing changed" in output.getvalue()
    assert Person.objects.count() == 1
    assert not Case.objects.exists()
    assert not DemoInstallation.objects.exists()


@pytest.mark.django_db
def test_force_does_not_remove_data_that_is_not_demo_data():
    PersonFactory()
    with pytest.raises(CommandError):
        call_command("load_demo", force=True, stdout=StringIO())
    assert Person.objects.count() == 1
