"""One rule for plausible dates (issue 9): born 1900..today, events from the configured earliest
day until tomorrow, `YYYY-MM-DD` only — in every form and serializer that takes such a date."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from schakel.lib import plausible
from schakel.linkage.forms import AlreadyKnownForm
from schakel.registry.forms import PersonSubjectForm
from schakel.registry.models import Person
from tests.api.problems import invalid_names


def today() -> dt.date:
    """Today where Schakel is (Amsterdam), asked when the test runs — not when the module was
    imported: a run that crosses local midnight (23:00 UTC) would otherwise compare two days."""
    return timezone.localdate()


@pytest.mark.parametrize(
    ("day", "ok"),
    [
        (dt.date(1899, 12, 31), False),
        (dt.date(1900, 1, 1), True),
        (dt.date(1800, 5, 1), False),
        (0, True),  # days from today
        (1, False),
        (dt.date(2090, 5, 1), False),
    ],
)
def test_a_date_of_birth_lies_between_1900_and_today(day, ok):
    if isinstance(day, int):
        day = today() + dt.timedelta(days=day)
    assert plausible.is_plausible_birth(day) is ok
    if ok:
        plausible.validate_date_of_birth(day)
    else:
        with pytest.raises(ValidationError):
            plausible.validate_date_of_birth(day)


def test_an_event_lies_between_the_earliest_day_and_tomorrow():
    assert plausible.is_plausible_event(dt.date(1990, 1, 1))
    assert not plausible.is_plausible_event(dt.date(1989, 12, 31))
    assert plausible.is_plausible_event(today() + dt.timedelta(days=1))
    assert not plausible.is_plausible_event(today() + dt.timedelta(days=2))
    assert not plausible.is_plausible_event(dt.date(2095, 1, 1))
    with override_settings(SCHAKEL_EARLIEST_EVENT_DATE="2010-01-01"):
        assert not plausible.is_plausible_event(dt.date(2009, 12, 31))


def test_compact_dates_are_refused_with_their_own_reason():
    with translation.override("nl"):
        with pytest.raises(ValidationError) as refused:
            plausible.parse_date("19900101")
        assert "JJJJMMDD" in refused.value.messages[0]
    assert plausible.parse_date(" 1990-01-01 ") == dt.date(1990, 1, 1)
    for text in ("1990-1-1", "01-01-1990", "1990-02-30", ""):
        with pytest.raises(ValidationError):
            plausible.parse_date(text)


@pytest.mark.parametrize("born", ["1800-05-01", "2090-05-01", "19900101"])
def test_the_person_subject_form_refuses_an_implausible_date_of_birth(born):
    form = PersonSubjectForm({"given_names": "Piet", "surname": "Verzonnen", "date_of_birth": born})
    assert not form.is_valid()
    assert "date_of_birth" in form.errors


def test_the_person_subject_form_accepts_a_plausible_date_of_birth():
    form = PersonSubjectForm(
        {"given_names": "Piet", "surname": "Verzonnen", "date_of_birth": "1995-04-01"}
    )
    assert form.is_valid(), form.errors


@pytest.mark.parametrize("born", ["1800-05-01", "2090-05-01", "19900101"])
def test_the_already_known_form_refuses_an_implausible_date_of_birth(born):
    form = AlreadyKnownForm(
        {"reason": "casus", "given_names": "Piet", "surname": "Verzonnen", "date_of_birth": born}
    )
    assert not form.is_valid()
    assert "date_of_birth" in form.errors


@pytest.mark.parametrize("born", ["1800-05-01", "2090-05-01", "19900101"])
def test_the_already_known_api_refuses_an_implausible_date_of_birth(client, wijkteam, born):
    client.force_login(wijkteam)
    response = client.post(
        reverse("already-known"),
        {"reason": "casus", "given_names": "Piet", "surname": "Verzonnen", "date_of_birth": born},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert invalid_names(response) == {"date_of_birth"}


def test_a_person_with_an_implausible_date_of_birth_does_not_validate(db):
    person = Person(given_names="Piet", surname="Verzonnen", date_of_birth=dt.date(1800, 1, 1))
    with pytest.raises(ValidationError) as refused:
        person.full_clean()
    assert "date_of_birth" in refused.value.message_dict
