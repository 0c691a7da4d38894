"""The import of judicial registrations uses the same linkage: a person a partner registers again
under another spelling is queued for clerical review instead of silently becoming a second person."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from schakel.jobs.models import Job
from schakel.linkage import services
from schakel.linkage.models import CandidatePair, LinkageRun
from schakel.organisations.models import OrganisationKind, Role
from schakel.registry.models import Person
from schakel.targets.models import JudicialRegistration, TargetGroupRule, TargetList
from tests.factories import PersonFactory, make_user
from tests.targets.conftest import csv_text, do_import, registration_row


@pytest.fixture
def fatima(db, other_people):
    """A person in the registry without BSN, among forty others."""
    return PersonFactory(
        given_names="Fatima", surname="El Amrani", bsn="", date_of_birth=datetime.date(1975, 11, 30)
    )


def spelling_variant(n: int = 1) -> dict:
    """The same person as `fatima` re-registered by a partner: a typo in the surname, no BSN."""
    return registration_row(
        n, given_name="Fatima", surname="El Amrany", date_of_birth="1975-11-30", bsn=""
    )


def stranger(n: int = 2) -> dict:
    return registration_row(n, given_name="Willem", surname="Hoekstra", date_of_birth="1962-03-14")


def test_a_spelling_variant_of_a_known_person_is_queued_for_review(fatima):
    result = do_import([spelling_variant()])
    assert result.ok, result.errors
    assert result.persons_created == 1
    new = Person.objects.get(surname="El Amrany")
    pair = CandidatePair.objects.get()
    assert {pair.left_id, pair.right_id} == {fatima.pk, new.pk}
    assert pair.status == CandidatePair.Status.PENDING
    assert result.queued_for_review == 1 and result.linked_without_review == 0
    assert pair.run == result.linkage_run
    assert pair.run.mode == LinkageRun.Mode.LINK
    assert pair.run.parameters["import"] == result.batch.pk
    assert services.identity_person_ids(new.pk) == {new.pk}  # nothing linked without review


def test_an_unrelated_person_queues_nothing(fatima):
    result = do_import([stranger()])
    assert result.ok and result.persons_created == 1
    assert result.linkage_run is not None  # the linkage ran, and found nothing
    assert result.queued_for_review == 0
    assert not CandidatePair.objects.exists()


def test_an_import_without_new_persons_runs_no_linkage(fatima):
    do_import([stranger()])
    again = do_import([stranger()])
    assert again.ok and again.persons_created == 0
    assert again.linkage_run is None
    assert LinkageRun.objects.count() == 1


def test_pairs_are_linked_without_review_only_when_the_registry_run_does_so(regisseur, fatima):
    # A reviewer's registry run that links from 0.5 on: the import follows its settings.
    services.save_run(
        by=regisseur,
        mode=LinkageRun.Mode.DEDUPE,
        pairs=[],
        record_count=0,
        lower_threshold=0.2,
        upper_threshold=0.5,
        link_above_upper=True,
        parameters={"source": "registry"},
    )
    result = do_import([spelling_variant()], by=regisseur)
    new = Person.objects.get(surname="El Amrany")
    assert result.linked_without_review == 1 and result.queued_for_review == 0
    assert services.identity_person_ids(new.pk) == {new.pk, fatima.pk}


def test_the_import_stands_when_the_linkage_fails(fatima, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("linkage unavailable")

    monkeypatch.setattr(services, "link_new_persons", broken)
    result = do_import([spelling_variant()])
    assert result.ok
    assert result.linkage_failed and result.linkage_run is None
    assert JudicialRegistration.objects.count() == 1
    assert Person.objects.filter(surname="El Amrany").exists()
    assert not CandidatePair.objects.exists()


def test_the_command_reports_the_queued_matches(fatima, tmp_path, capsys):
    path = tmp_path / "om.csv"
    path.write_text(csv_text([spelling_variant()]), encoding="utf-8")
    call_command("import_registrations", str(path))
    out = capsys.readouterr().out
    assert "1 possible match(es)" in out
    assert reverse("linkage:queue") in out
    assert LinkageRun.objects.get().started_by is None  # no user on the command line


def test_the_command_reports_a_failed_linkage_and_keeps_the_import(fatima, tmp_path, monkeypatch):
    monkeypatch.setattr(services, "link_new_persons", lambda *a, **k: 1 / 0)
    path = tmp_path / "om.csv"
    path.write_text(csv_text([spelling_variant()]), encoding="utf-8")
    call_command("import_registrations", str(path))  # no CommandError: the import stands
    assert JudicialRegistration.objects.count() == 1


def test_the_import_page_links_reviewers_to_the_queue(upload_registrations, regisseur, fatima):
    response = upload_registrations(regisseur, _extract())
    assert response.status_code == 200
    assert response.context["job"].status == Job.Status.SUCCEEDED
    html = response.content.decode()
    assert 'id="import-review-count">1<' in html
    assert f'href="{reverse("linkage:queue")}" id="import-review-link"' in html


def test_a_list_team_member_sees_the_count_but_no_queue_link(
    upload_registrations, regisseur, fatima
):
    coordinator = make_user(Role.COORDINATOR, OrganisationKind.MUNICIPALITY, "hit", "Gemeente")
    TargetList.objects.create(
        name="HIT",
        rule=TargetGroupRule.objects.get(code="hit"),
        host_organisation=regisseur.organisation,
    ).team.add(coordinator)
    html = upload_registrations(coordinator, _extract()).content.decode()
    assert 'id="import-review-count">1<' in html
    assert 'id="import-review-link"' not in html
    assert CandidatePair.objects.get().run.started_by == coordinator


def test_the_job_page_says_when_the_linkage_failed(
    upload_registrations, regisseur, fatima, monkeypatch
):
    monkeypatch.setattr(services, "link_new_persons", lambda *a, **k: 1 / 0)
    response = upload_registrations(regisseur, _extract())
    assert response.context["job"].status == Job.Status.SUCCEEDED  # the import stands
    assert 'id="import-linkage-failed"' in response.content.decode()
    assert JudicialRegistration.objects.count() == 1


def _extract():
    return SimpleUploadedFile("om.csv", csv_text([spelling_variant()]).encode(), "text/csv")
