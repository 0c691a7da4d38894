"""The conference workflow table, and the services that walk it."""

import datetime

import pytest
from django.utils import timezone

from schakel.access.errors import ValidationError
from schakel.conferences import services
from schakel.conferences.workflow import ALLOWED_TRANSITIONS, ConferenceStatus
from tests.factories import ConferenceFactory

S = ConferenceStatus
STEPS = [(a, b) for a, targets in ALLOWED_TRANSITIONS.items() for b in sorted(targets)]
ACTIONS = {S.HELD: services.hold_conference, S.CANCELLED: services.cancel_conference}


def test_every_status_is_in_the_table():
    assert set(ALLOWED_TRANSITIONS) == set(ConferenceStatus.values)


def test_held_and_cancelled_conferences_are_final():
    assert STEPS == [(S.PLANNED, S.CANCELLED), (S.PLANNED, S.HELD)]


def _conference_in(status, regisseur):
    conference = ConferenceFactory(  # held only on or after its date
        host_organisation=regisseur.organisation,
        chair=regisseur,
        status=status,
        starts_at=timezone.now() - datetime.timedelta(hours=1),
    )
    if status == S.PLANNED:  # held only with an attendee who signed confidentiality
        attendance = conference.attendees.create(
            user=regisseur, organisation=regisseur.organisation
        )
        services.accept_confidentiality(attendance, by=regisseur)
    return conference


@pytest.mark.django_db
@pytest.mark.parametrize(("from_status", "to_status"), STEPS)
def test_every_allowed_step_works_through_its_service(regisseur, from_status, to_status):
    conference = _conference_in(from_status, regisseur)
    ACTIONS[to_status](conference, by=regisseur)
    conference.refresh_from_db()
    assert conference.status == to_status


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("from_status", "to_status"),
    [(S.HELD, S.CANCELLED), (S.CANCELLED, S.HELD), (S.HELD, S.HELD)],
)
def test_steps_outside_the_table_are_refused(regisseur, from_status, to_status):
    conference = _conference_in(from_status, regisseur)
    with pytest.raises(ValidationError, match="can no longer be changed"):
        ACTIONS[to_status](conference, by=regisseur)
    conference.refresh_from_db()
    assert conference.status == from_status
