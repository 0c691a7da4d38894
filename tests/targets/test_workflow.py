"""The bottleneck workflow table, and the service that walks it."""

import pytest

from schakel.access.errors import ValidationError
from schakel.targets import services
from schakel.targets.models import Bottleneck
from schakel.targets.workflow import ALLOWED_TRANSITIONS, BottleneckStatus
from tests.factories import PersonFactory

S = BottleneckStatus
STEPS = [(a, b) for a, targets in ALLOWED_TRANSITIONS.items() for b in sorted(targets)]


def test_every_status_is_in_the_table():
    assert set(ALLOWED_TRANSITIONS) == set(BottleneckStatus.values)


def test_a_solved_or_unsolvable_bottleneck_stays_so_and_none_goes_back_to_open():
    assert not ALLOWED_TRANSITIONS[S.SOLVED]
    assert not ALLOWED_TRANSITIONS[S.NOT_SOLVABLE]
    assert all(S.OPEN not in targets for targets in ALLOWED_TRANSITIONS.values())


@pytest.fixture
def bottleneck(hit_list, regisseur, hit_coordinator, corporatie):
    person = PersonFactory()
    services.include_on_list(hit_list, person, by=regisseur, reason="Voldoet",
                             best_cards=regisseur.organisation, coordinator=hit_coordinator)  # fmt: skip
    return services.record_bottleneck(
        person,
        by=hit_coordinator,
        target_list=hit_list,
        kind="huisvesting",
        description="Geen woning",
        asked_organisation=corporatie.organisation,
    )


def _in(bottleneck, status):
    Bottleneck.objects.filter(pk=bottleneck.pk).update(status=status)
    bottleneck.refresh_from_db()
    return bottleneck


@pytest.mark.parametrize(("from_status", "to_status"), STEPS)
def test_every_allowed_step_works_through_the_service(
    hit_coordinator, bottleneck, from_status, to_status
):
    bottleneck = _in(bottleneck, from_status)
    services.update_bottleneck(
        bottleneck, by=hit_coordinator, status=to_status, resolution="Woning gevonden"
    )
    bottleneck.refresh_from_db()
    assert bottleneck.status == to_status


@pytest.mark.parametrize(
    ("from_status", "to_status"),
    [(S.IN_PROGRESS, S.OPEN), (S.SOLVED, S.OPEN), (S.NOT_SOLVABLE, S.SOLVED), (S.SOLVED, S.SOLVED)],
)
def test_steps_outside_the_table_are_refused(hit_coordinator, bottleneck, from_status, to_status):
    bottleneck = _in(bottleneck, from_status)
    with pytest.raises(ValidationError):
        services.update_bottleneck(
            bottleneck, by=hit_coordinator, status=to_status, resolution="Toch opgelost"
        )
    bottleneck.refresh_from_db()
    assert bottleneck.status == from_status


def test_a_new_resolution_text_on_an_open_bottleneck_is_no_step(hit_coordinator, bottleneck):
    services.update_bottleneck(bottleneck, by=hit_coordinator, status=S.OPEN, resolution="Gebeld")
    bottleneck.refresh_from_db()
    assert (bottleneck.status, bottleneck.resolution) == (S.OPEN, "Gebeld")


def test_the_person_page_offers_only_the_steps_the_table_allows(
    client_for, hit_coordinator, bottleneck
):
    from django.urls import reverse

    _in(bottleneck, S.IN_PROGRESS)
    page = client_for(hit_coordinator).get(reverse("targets:person", args=[bottleneck.person_id]))
    form = page.content.decode().split(f'id="status-{bottleneck.pk}"')[1].split("</select>")[0]
    offered = {v for v in S.values if f'value="{v}"' in form}
    assert offered == {S.IN_PROGRESS, S.SOLVED, S.NOT_SOLVABLE}
