"""The header's unread counter, the list, opening (marks read) and the e-mail preference; a user
never sees another's notification, in the UI or the API."""

import pytest
from django.urls import reverse

from schakel.notifications import services
from schakel.notifications.kinds import Delivery, NotificationKind
from schakel.notifications.models import MailPreference, Notification

pytestmark = pytest.mark.django_db


def invite(user, conference_id=7):
    [notification] = services.notify(
        [user], kind=NotificationKind.CONFERENCE_INVITATION, link=f"/overleggen/{conference_id}/"
    )
    return notification


def test_the_header_counts_unread_notifications_on_every_page(client_for, wijkteam):
    invite(wijkteam)
    invite(wijkteam, 8)
    page = client_for(wijkteam).get(reverse("dashboard:home")).content.decode()
    assert 'class="badge badge--unread"' in page
    assert ">2</span>" in page


def test_opening_a_notification_marks_it_read_and_goes_to_the_work(client_for, wijkteam):
    notification = invite(wijkteam)
    client = client_for(wijkteam)
    assert "You are invited to a case conference." in client.get("/notificaties/").content.decode()
    response = client.post(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 302
    assert response["Location"] == "/overleggen/7/"
    notification.refresh_from_db()
    assert notification.is_read
    page = client.get(reverse("dashboard:home")).content.decode()
    assert "badge--unread" not in page


def test_mark_all_read(client_for, wijkteam):
    invite(wijkteam)
    invite(wijkteam, 8)
    client_for(wijkteam).post(reverse("notifications:mark_all_read"))
    assert not Notification.objects.unread().exists()


@pytest.mark.parametrize(
    "other", ["regisseur", "politie", "reclassering", "corporatie", "auditor", "analist"]
)
def test_nobody_sees_or_opens_another_users_notification(request, client_for, wijkteam, other):
    notification = invite(wijkteam)
    client = client_for(request.getfixturevalue(other))
    assert "You are invited" not in client.get("/notificaties/").content.decode()
    assert client.post(reverse("notifications:open", args=[notification.pk])).status_code == 404
    assert "badge--unread" not in client.get(reverse("dashboard:home")).content.decode()
    notification.refresh_from_db()
    assert not notification.is_read
    listed = client.get("/api/v1/notifications").json()
    assert listed["count"] == 0
    assert client.post(f"/api/v1/notifications/{notification.pk}/read").status_code == 404


def test_the_api_lists_the_users_own_notifications_and_marks_them_read(client_for, wijkteam):
    notification = invite(wijkteam)
    client = client_for(wijkteam)
    [item] = client.get("/api/v1/notifications").json()["results"]
    assert item["kind"] == "conference_invitation"
    assert item["link"] == "/overleggen/7/"
    assert item["read"] is False
    assert client.post(f"/api/v1/notifications/{notification.pk}/read").status_code == 200
    assert client.get("/api/v1/notifications?unread=true").json()["count"] == 0


def test_the_preference_is_saved(client_for, wijkteam):
    response = client_for(wijkteam).post(
        reverse("notifications:preferences"), {"delivery": Delivery.DIGEST}
    )
    assert response.status_code == 302
    assert MailPreference.objects.get(user=wijkteam).delivery == Delivery.DIGEST


def test_anonymous_visitors_are_sent_to_log_in(client):
    assert client.get("/notificaties/").status_code == 302
    assert client.get("/api/v1/notifications").status_code in (401, 403)


def test_the_header_counter_is_one_query_however_many_notifications(client_for, wijkteam):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(wijkteam)

    def notification_queries():
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("dashboard:home"))
        return [
            q["sql"] for q in captured.captured_queries if "notifications_notification" in q["sql"]
        ]

    assert len(notification_queries()) == 1
    for conference_id in range(30):
        invite(wijkteam, conference_id)
    [counting] = notification_queries()
    assert "COUNT(" in counting.upper()
