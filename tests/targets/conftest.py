"""Fixtures for the person-oriented approach: the HIT list, its team, CSV helpers."""

import datetime
import io

import pytest
from django.urls import reverse

from schakel.organisations.models import OrganisationKind, Role
from schakel.targets.models import TargetGroupRule, TargetList
from schakel.targets.registrations import COLUMNS, import_registrations
from tests.factories import make_user


def csv_text(rows: list[dict]) -> str:
    lines = [",".join(COLUMNS)]
    for row in rows:
        lines.append(",".join(str(row.get(c, "")) for c in COLUMNS))
    return "\n".join(lines) + "\n"


def registration_row(n: int, **overrides) -> dict:
    row = {
        "registration_id": f"OM-{n:05d}",
        "person_ref": f"P{n}",
        "bsn": "",
        "given_name": "Piet",
        "surname": f"Verzonnen{n}",
        "date_of_birth": "1995-04-01",
        "offence_date": "2024-01-10",
        "offence_category": "woninginbraak",
        "decision": "veroordeling",
        "decision_date": "2024-05-01",
    }
    row.update(overrides)
    return row


def do_import(rows, by=None, source="OM"):
    return import_registrations(io.StringIO(csv_text(rows)), by=by, source=source)


@pytest.fixture
def hit_coordinator(db):
    return make_user(Role.COORDINATOR, OrganisationKind.MUNICIPALITY, "hitcoordinator", "Gemeente")


@pytest.fixture
def hit_list(db, regisseur, hit_coordinator):
    target_list = TargetList.objects.create(
        name="HIT Lindewaard",
        rule=TargetGroupRule.objects.get(code="hit"),
        host_organisation=regisseur.organisation,
    )
    target_list.team.add(hit_coordinator)
    return target_list


@pytest.fixture
def today():
    from django.utils import timezone

    return timezone.localdate()


def days_ago(n: int) -> str:
    from django.utils import timezone

    return (timezone.localdate() - datetime.timedelta(days=n)).isoformat()


@pytest.fixture
def upload_registrations(client, django_capture_on_commit_callbacks, settings, tmp_path):
    """Upload an extract as `user` and, when that starts a job, run the job (the immediate task
    backend runs it when the transaction commits) and return the job's page."""
    settings.SCHAKEL_JOB_DIR = tmp_path / "jobs"

    def post(user, file, source="OM", **headers):
        client.force_login(user)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("targets:import"), {"file": file, "source": source}, **headers
            )
        if response.status_code == 302 and "/taken/" in response["Location"]:
            return client.get(response["Location"], **headers)
        return response

    return post
