"""The monthly report's PDF is made by a background job: the job's page links to the file, which
lies in the private job directory and is handed out only to the one who asked, while they may
still see the list; every download is audited as an export (issue 10)."""

import pytest
from django.conf import settings
from django.urls import reverse

from schakel.audit.models import AuditAction, AuditEntry
from schakel.jobs.models import Job
from schakel.organisations.models import Role


@pytest.fixture
def make_pdf(client, django_capture_on_commit_callbacks, settings, tmp_path):
    """Ask for the PDF of a month as `user`; the job runs when the request's transaction commits.
    Returns the job's page."""
    settings.SCHAKEL_JOB_DIR = tmp_path / "jobs"

    def post(user, target_list, month="2025-01"):
        client.force_login(user)
        url = reverse("targets:report_pdf", args=[target_list.pk]) + f"?maand={month}"
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url)
        assert response.status_code == 302 and "/taken/" in response["Location"]
        return client.get(response["Location"])

    return post


def test_the_pdf_is_made_by_a_job_and_downloaded_from_its_page(
    client, make_pdf, hit_coordinator, hit_list
):
    page = make_pdf(hit_coordinator, hit_list)
    job = page.context["job"]
    assert job.kind == "targets.report_pdf" and job.status == Job.Status.SUCCEEDED
    assert (job.done, job.total) == (2, 2)
    link = reverse("targets:report_pdf_download", args=[job.pk])
    assert f'href="{link}"' in page.content.decode()
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()  # nothing handed out

    download = client.get(link)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert f"maandrapportage-{hit_list.pk}-2025-01.pdf" in download["Content-Disposition"]
    export = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert export.username == hit_coordinator.username
    assert export.detail == "maandrapportage 2025-01 (geaggregeerd)"


def test_the_pdf_lies_in_the_private_job_directory(make_pdf, hit_coordinator, hit_list):
    job = make_pdf(hit_coordinator, hit_list).context["job"]
    files = list(settings.SCHAKEL_JOB_DIR.iterdir())
    assert [f.name for f in files] == [f"{job.pk}-result.pdf"]
    assert files[0].stat().st_mode & 0o777 == 0o600


def test_a_get_makes_no_pdf(client_for, hit_coordinator, hit_list):
    url = reverse("targets:report_pdf", args=[hit_list.pk])
    assert client_for(hit_coordinator).get(url).status_code == 405
    assert not Job.objects.exists()


def test_only_who_asked_may_download_and_only_while_they_see_the_list(
    client, make_pdf, hit_coordinator, hit_list, regisseur
):
    job = make_pdf(hit_coordinator, hit_list).context["job"]
    link = reverse("targets:report_pdf_download", args=[job.pk])
    # Another user who sees the list does not get someone else's file by its address.
    client.force_login(regisseur)
    assert client.get(link).status_code == 404
    # The one who asked, once in a role that does not see target lists, no longer gets it.
    hit_coordinator.role = Role.PROFESSIONAL
    hit_coordinator.save()
    client.force_login(hit_coordinator)
    assert client.get(link).status_code == 404
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()


def test_who_may_not_see_the_list_cannot_start_a_pdf(client_for, hit_list, politie):
    url = reverse("targets:report_pdf", args=[hit_list.pk])
    assert client_for(politie).post(url).status_code == 404
    assert not Job.objects.exists()


def test_the_job_fails_when_the_list_is_no_longer_visible(
    django_capture_on_commit_callbacks, hit_list, politie, settings, tmp_path
):
    from django.db import transaction

    from schakel.jobs.services import start_job

    settings.SCHAKEL_JOB_DIR = tmp_path / "jobs"
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        job = start_job(
            kind="targets.report_pdf",
            title="PDF",
            by=politie,
            params={"list": hit_list.pk, "year": 2025, "month": 1},
        )
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert not (tmp_path / "jobs").exists() or not list((tmp_path / "jobs").iterdir())
