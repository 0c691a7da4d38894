"""Pairs waiting for clerical review are work for the reviewers only, without personal data."""

import pytest

pytestmark = pytest.mark.django_db

ROLES = ["regisseur", "politie", "reclassering", "wijkteam", "corporatie", "auditor", "analist"]


@pytest.mark.parametrize("role", ROLES)
def test_pending_pairs_are_the_reviewers_work(request, client_for, pending_pair, role):
    user = request.getfixturevalue(role)
    tasks = client_for(user).get("/api/v1/tasks").json()["results"]
    found = [(t["kind"], t["object_id"], t["title"]) for t in tasks]
    if role == "regisseur":
        assert found == [("clerical_review", pending_pair.run_id, "1 pair to review")]
        page = client_for(user).get("/mijn-werk/").content.decode()
        assert "El Amrani" not in page and "Fatima" not in page
    else:
        assert found == []
