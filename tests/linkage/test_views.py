"""Linkage pages and API: access per role, side-by-side review, POST-only questions."""

import pytest
from django.urls import reverse

from schakel.audit.models import AuditAction, AuditEntry
from schakel.jobs.models import Job
from schakel.linkage.models import CandidatePair, LinkageRun


@pytest.mark.parametrize("role", ["politie", "wijkteam", "analist", "auditor"])
def test_non_reviewers_get_403_on_linkage_pages(request, client_for, role, pending_pair):
    client = client_for(request.getfixturevalue(role))
    for url in (
        reverse("linkage:index"),
        reverse("linkage:queue"),
        reverse("linkage:pair", args=[pending_pair.pk]),
        reverse("linkage:identity", args=[pending_pair.left_id]),
    ):
        assert client.get(url).status_code == 403
    response = client.post(
        reverse("linkage:decide", args=[pending_pair.pk]), {"decision": "accept"}
    )
    assert response.status_code == 403
    pending_pair.refresh_from_db()
    assert pending_pair.is_pending


def test_reviewer_sees_the_pair_side_by_side_with_differences_marked(
    client_for, regisseur, pending_pair
):
    response = client_for(regisseur).get(reverse("linkage:pair", args=[pending_pair.pk]))
    assert response.status_code == 200
    rows = {row["field"]: row for row in response.context["rows"]}
    assert rows["surname"]["differs"] and rows["bsn"]["differs"]
    assert not rows["given_names"]["differs"]
    assert b"<mark>El Amrany</mark>" in response.content
    viewed = AuditEntry.objects.filter(action=AuditAction.VIEW, object_type="linkage.candidatepair")
    assert {e.person_id_ref for e in viewed} == {pending_pair.left_id, pending_pair.right_id}


def test_reviewer_accepts_and_undoes_through_the_page(client_for, regisseur, pending_pair):
    client = client_for(regisseur)
    url = reverse("linkage:decide", args=[pending_pair.pk])
    assert client.post(url, {"decision": "accept"}).status_code == 302
    pending_pair.refresh_from_db()
    assert pending_pair.status == CandidatePair.Status.ACCEPTED
    identity = client.get(reverse("linkage:identity", args=[pending_pair.right_id]))
    assert len(identity.context["members"]) == 2
    client.post(url, {"decision": "undo"})
    pending_pair.refresh_from_db()
    assert pending_pair.is_pending


def test_deciding_twice_shows_an_error_not_a_crash(client_for, regisseur, pending_pair):
    client = client_for(regisseur)
    url = reverse("linkage:decide", args=[pending_pair.pk])
    client.post(url, {"decision": "reject"})
    response = client.post(url, {"decision": "accept"})
    assert response.status_code == 400
    assert response.context["form"].non_field_errors()


def test_start_run_from_the_index(
    client_for, regisseur, twins_of_records, other_people, django_capture_on_commit_callbacks
):
    client = client_for(regisseur)
    assert client.get(reverse("linkage:index")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("linkage:start_run"),
            {"lower_threshold": "0.3", "upper_threshold": "0.99", "link_above_upper": "on"},
        )
    # The run is a background job: the user follows it on the job's page.
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.kind == "linkage.registry_run" and job.status == Job.Status.SUCCEEDED
    assert (job.done, job.total) == (3, 3)
    run = LinkageRun.objects.get()
    assert (run.started_by, run.lower_threshold, run.upper_threshold) == (regisseur, 0.3, 0.99)
    assert CandidatePair.objects.exists()
    assert job.result["run"] == run.pk and job.result["link"] == reverse("linkage:queue")
    page = client.get(response["Location"]).content.decode()
    assert f"{run.review_count} queued for review" in page
    # The run keeps which model it used: a small registry holds households, the rules held.
    assert run.parameters["households"] is True
    index = client.get(reverse("linkage:index")).content.decode()
    assert 'data-households="off"' not in index
    # A run whose extracts showed no households says so in the list (issue 14).
    run.parameters = {**run.parameters, "households": False, "household_shares": [0.0]}
    run.save(update_fields=["parameters"])
    index = client.get(reverse("linkage:index")).content.decode()
    assert 'data-households="off"' in index
    assert "without household rules" in index


def test_a_run_is_not_done_inside_the_request(client_for, regisseur, twins_of_records):
    response = client_for(regisseur).post(
        reverse("linkage:start_run"), {"lower_threshold": "0.3", "upper_threshold": "0.99"}
    )
    assert response.status_code == 302
    assert Job.objects.get().status == Job.Status.QUEUED  # the worker runs it after the commit
    assert not LinkageRun.objects.exists()


def test_a_cancelled_run_stores_nothing(
    client_for, regisseur, twins_of_records, django_capture_on_commit_callbacks, monkeypatch
):
    from schakel.linkage import services

    original = services.person_extract

    def user_clicks_stop(persons):  # while the persons are read
        Job.objects.update(cancel_requested=True)
        return original(persons)

    monkeypatch.setattr(services, "person_extract", user_clicks_stop)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(regisseur).post(
            reverse("linkage:start_run"), {"lower_threshold": "0.3", "upper_threshold": "0.99"}
        )
    assert Job.objects.get().status == Job.Status.CANCELLED
    assert not LinkageRun.objects.exists() and not CandidatePair.objects.exists()


def test_start_run_with_bad_thresholds_shows_the_form(client_for, regisseur):
    response = client_for(regisseur).post(
        reverse("linkage:start_run"), {"lower_threshold": "0.9", "upper_threshold": "0.5"}
    )
    assert response.status_code == 400
    assert not Job.objects.exists()


def test_non_reviewers_cannot_start_a_run(client_for, analist):
    response = client_for(analist).post(
        reverse("linkage:start_run"), {"lower_threshold": "0.3", "upper_threshold": "0.99"}
    )
    assert response.status_code in (400, 403)
    assert not Job.objects.exists()


def test_already_known_page_answers_with_the_organisation(
    client_for, wijkteam, open_case_of, twins_of_records
):
    open_case_of(twins_of_records[0])
    response = client_for(wijkteam).post(
        reverse("linkage:already_known"),
        {
            "reason": "casus",
            "given_names": "Fatima",
            "surname": "El Amrani",
            "date_of_birth": "1975-11-30",
        },
    )
    assert response.status_code == 200
    assert response.context["answer"].known
    assert b"El Amrani" not in response.content.split(b'id="already-known-answer"')[1]


def test_already_known_page_refuses_an_empty_question(client_for, wijkteam):
    response = client_for(wijkteam).post(reverse("linkage:already_known"), {})
    assert response.status_code == 200
    assert response.context["form"].errors


def test_api_already_known(client_for, wijkteam, open_case_of, twins_of_records):
    open_case_of(twins_of_records[0])
    response = client_for(wijkteam).post(
        "/api/v1/already-known",
        {
            "reason": "casus",
            "given_names": "Fatima",
            "surname": "El Amrani",
            "date_of_birth": "1975-11-30",
        },
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json() == {
        "known": True,
        "organisations": ["Test veiligheidshuis"],
        "elsewhere": [],
    }


def test_api_already_known_refuses_analysts_and_bad_input(client_for, analist, wijkteam):
    assert client_for(analist).post("/api/v1/already-known", {}).status_code == 403
    bad = client_for(wijkteam).post(
        "/api/v1/already-known", {"clk": "not base64!"}, content_type="application/json"
    )
    assert bad.status_code == 400
