"""Issue 11: a bottleneck asked of the woningcorporatie and an evaluation action given to the
politie reached nobody (403/404). The partner asked sees and completes exactly that bottleneck
(not the person's record), sees its action, and both are in its "Mijn werk"."""

import datetime

import pytest
from django.urls import reverse

from schakel.audit.models import AuditEntry
from schakel.targets.models import Bottleneck, EvaluationMeeting, MeetingAction
from tests.targets.test_pages import SECRET_NAME, member  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def bottleneck(member, hit_list, hit_coordinator, corporatie):  # noqa: F811
    return Bottleneck.objects.create(
        person=member, target_list=hit_list, kind="huisvesting",
        description="Zoekt een kamer", asked_organisation=corporatie.organisation,
        raised_by=hit_coordinator, raised_on=datetime.date.today(),
    )  # fmt: skip


@pytest.fixture
def action(hit_list, hit_coordinator, politie):
    meeting = EvaluationMeeting.objects.create(
        target_list=hit_list, held_on=datetime.date.today() - datetime.timedelta(days=3),
        theme="Dagbesteding", insights="Wachtlijst", recorded_by=hit_coordinator,
    )  # fmt: skip
    return MeetingAction.objects.create(
        meeting=meeting,
        description="Wijkagent belt werkgevers",
        owner_organisation=politie.organisation,
    )


def tasks(client):
    return [(t["kind"], t["object_id"]) for t in client.get("/api/v1/tasks").json()["results"]]


def test_the_corporatie_sees_and_completes_the_bottleneck_asked_of_it(
    client_for,
    bottleneck,
    corporatie,
    member,  # noqa: F811
):
    client = client_for(corporatie)
    page = client.get(reverse("targets:asked_bottleneck", args=[bottleneck.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Zoekt een kamer" in text
    assert member.bsn not in text  # only what it needs: not the person's record
    assert AuditEntry.objects.filter(person_id_ref=member.pk, username="corporatie").exists()
    assert tasks(client) == [("bottleneck", bottleneck.pk)]
    assert (
        reverse("targets:asked_bottleneck", args=[bottleneck.pk])
        in client.get("/mijn-werk/").content.decode()
    )
    client.post(
        reverse("targets:asked_bottleneck", args=[bottleneck.pk]),
        {"status": "solved", "resolution": "Kamer aangeboden"},
    )
    bottleneck.refresh_from_db()
    assert (bottleneck.status, bottleneck.resolution) == ("solved", "Kamer aangeboden")
    assert tasks(client) == []
    # Still no access to the person or the list.
    assert client.get(reverse("targets:person", args=[member.pk])).status_code in {403, 404}


@pytest.mark.parametrize("other", ["politie", "wijkteam", "reclassering", "auditor", "analist"])
def test_nobody_else_sees_the_bottleneck(request, client_for, bottleneck, other):
    client = client_for(request.getfixturevalue(other))
    assert client.get(reverse("targets:asked_bottleneck", args=[bottleneck.pk])).status_code == 404
    response = client.post(
        reverse("targets:asked_bottleneck", args=[bottleneck.pk]),
        {"status": "solved", "resolution": "x"},
    )
    assert response.status_code == 404
    assert ("bottleneck", bottleneck.pk) not in tasks(client)


def test_the_politie_sees_the_action_given_to_it(client_for, action, politie, corporatie):
    client = client_for(politie)
    page = client.get(reverse("targets:asked_action", args=[action.pk]))
    assert page.status_code == 200
    assert "Wijkagent belt werkgevers" in page.content.decode()
    assert tasks(client) == [("evaluation_action", action.pk)]
    other = client_for(corporatie)
    assert other.get(reverse("targets:asked_action", args=[action.pk])).status_code == 404
    assert tasks(other) == []


def test_the_coordinator_is_not_given_the_bottleneck_in_mijn_werk(
    client_for, bottleneck, hit_coordinator
):
    assert ("bottleneck", bottleneck.pk) not in tasks(client_for(hit_coordinator))
