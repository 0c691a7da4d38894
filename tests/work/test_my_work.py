"""The "Mijn werk" page and `GET /api/v1/tasks` show any registered source's items, only the
user's own and their organisation's; a team lead sees the organisation's and reassigns."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from schakel.organisations.models import Role
from schakel.work import registry
from schakel.work.items import WorkItem
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def make_colleague(wijkteam):
    """A team lead (coordinator) of the wijkteam, and the wijkteam professional as colleague."""
    lead = UserFactory(
        username="teamleider", organisation=wijkteam.organisation, role=Role.COORDINATOR
    )
    lead.save()
    return lead, wijkteam


@pytest.fixture
def fake_source():
    """A source that knows nothing of the page: it hands out what the test puts in `given`."""
    given: list[WorkItem] = []
    reassigned: list[tuple] = []

    def mine(user):
        return [i for i in given if i.assignee_id in {None, user.pk}]

    def organisation(user):
        return list(given)

    def reassign(user, object_id, to_user, assignee_id=None):
        reassigned.append((user.pk, object_id, to_user.pk))

    registry.register("test", mine, organisation=organisation, reassign=reassign)
    yield given, reassigned
    registry.SOURCES.pop("test")


def item(user, title, due, *, assignee=True, object_id=1):
    return WorkItem(
        kind="test",
        kind_label="Testwerk",
        title=title,
        due=due,
        origin="Ergens",
        url=f"/ergens/{object_id}/",
        object_type="thing",
        object_id=object_id,
        organisation_id=user.organisation_id,
        assignee_id=user.pk if assignee else None,
    )


def test_the_page_lists_my_items_by_due_date_with_overdue_flagged(
    client_for, wijkteam, fake_source
):
    given, _ = fake_source
    today = timezone.localdate()
    given += [
        item(wijkteam, "Later", today + datetime.timedelta(days=5), object_id=1),
        item(wijkteam, "Te laat", today - datetime.timedelta(days=1), object_id=2),
        item(wijkteam, "Voor de organisatie", None, assignee=False, object_id=3),
    ]
    page = client_for(wijkteam).get(reverse("work:mine")).content.decode()
    assert page.index("Te laat") < page.index("Later") < page.index("Voor de organisatie")
    assert page.count("badge--overdue") == 1
    assert 'href="/ergens/2/"' in page
    assert 'href="/mijn-werk/"' in page  # in the navigation


@pytest.mark.parametrize("other", ["regisseur", "politie", "corporatie", "auditor", "analist"])
def test_nobody_sees_another_users_or_organisations_items(
    request, client_for, wijkteam, fake_source, other
):
    given, _ = fake_source
    given += [
        item(wijkteam, "Van het wijkteam", None, object_id=1),
        item(wijkteam, "Wijkteam als geheel", None, assignee=False, object_id=2),
    ]
    client = client_for(request.getfixturevalue(other))
    page = client.get(reverse("work:mine")).content.decode()
    assert "Van het wijkteam" not in page and "Wijkteam als geheel" not in page
    assert client.get("/api/v1/tasks").json()["results"] == []
    assert "Van het wijkteam" not in client.get("/mijn-werk/?weergave=organisatie").content.decode()


def test_the_api_lists_my_tasks(client_for, wijkteam, fake_source):
    given, _ = fake_source
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    given.append(item(wijkteam, "Te laat", yesterday, object_id=4))
    [task] = client_for(wijkteam).get("/api/v1/tasks").json()["results"]
    assert task["kind"] == "test"
    assert task["overdue"] is True
    assert task["object_type"] == "thing"
    assert task["object_id"] == 4
    assert task["link"] == "/ergens/4/"
    assert task["due"] == yesterday.isoformat()


def test_the_tasks_endpoint_is_in_the_schema(client):
    schema = client.get("/api/v1/schema", HTTP_ACCEPT="application/json").json()
    assert "/tasks" in schema["paths"]  # relative to the server URL /api/v1


def test_the_kind_filter(client_for, wijkteam, fake_source):
    given, _ = fake_source
    given.append(item(wijkteam, "Testding", None))
    other = item(wijkteam, "Anderding", None)
    registry.register(
        "other", lambda user: [other.__class__(**{**other.__dict__, "kind": "other"})]
    )
    try:
        client = client_for(wijkteam)
        response = client.get("/mijn-werk/?soort=test")
        page = response.content.decode()
        assert "Testding" in page and "Anderding" not in page
        # while one kind is shown, the filter still offers the other (review finding)
        assert {key for key, _label in response.context["kinds"]} == {"test", "other"}
        page = client.get("/mijn-werk/").content.decode()
        assert "Testding" in page and "Anderding" in page
        assert [t["kind"] for t in client.get("/api/v1/tasks?kind=other").json()["results"]] == [
            "other"
        ]
    finally:
        registry.SOURCES.pop("other")


def test_a_team_lead_sees_the_organisation_and_reassigns(client_for, make_colleague, fake_source):
    lead, colleague = make_colleague
    given, reassigned = fake_source
    given.append(item(colleague, "Werk van de collega", None, object_id=9))
    client = client_for(lead)
    assert "Werk van de collega" not in client.get("/mijn-werk/").content.decode()
    response = client.get("/mijn-werk/?weergave=organisatie")
    assert response.status_code == 200, response
    assert "Werk van de collega" in response.content.decode()
    response = client.post(
        reverse("work:reassign"), {"kind": "test", "object_id": 9, "to_user": lead.pk}
    )
    assert response.status_code == 302
    assert reassigned == [(lead.pk, 9, lead.pk)]


def test_a_professional_cannot_reassign(client_for, wijkteam, fake_source):
    _, reassigned = fake_source
    response = client_for(wijkteam).post(
        reverse("work:reassign"), {"kind": "test", "object_id": 9, "to_user": wijkteam.pk}
    )
    assert response.status_code == 403
    assert reassigned == []


def test_a_team_lead_cannot_hand_work_outside_the_organisation(
    client_for, make_colleague, politie, fake_source
):
    lead, _ = make_colleague
    _, reassigned = fake_source
    client_for(lead).post(
        reverse("work:reassign"), {"kind": "test", "object_id": 9, "to_user": politie.pk}
    )
    assert reassigned == []
