"""A signal leads to at most one case: the service refuses a second one, and so does the database."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from schakel.cases import services
from schakel.cases.models import Case
from tests.cases.test_open_case_race import _triaged_signal


@pytest.mark.django_db
def test_a_second_case_on_an_opened_signal_is_refused(regisseur):
    signal = _triaged_signal(regisseur)
    services.open_case_from_signal(signal, by=regisseur, title="Overlast")
    with pytest.raises(ValidationError):
        services.open_case_from_signal(signal, by=regisseur, title="Nog eens")
    assert Case.objects.filter(source_signal=signal).count() == 1


@pytest.mark.django_db
def test_the_database_refuses_a_second_case_on_the_same_signal(regisseur):
    signal = _triaged_signal(regisseur)
    case = services.open_case_from_signal(signal, by=regisseur, title="Overlast")
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.create(
            reference="C-DUP",
            title="Tweede",
            host_organisation=case.host_organisation,
            lead_organisation=case.lead_organisation,
            coordinator=regisseur,
            source_signal=signal,
        )
