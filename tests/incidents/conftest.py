"""Shared fixtures of the incident tests."""

import datetime as dt

import numpy as np
import pytest
from django.utils import timezone

from schakel.incidents.models import Incident


@pytest.fixture
def incidents(db):
    rng = np.random.default_rng(5)
    base = timezone.make_aware(dt.datetime(2024, 1, 15, 12, 0))
    objects = []
    for i in range(400):
        month = i % 4
        objects.append(
            Incident(
                source_id=f"t-{i}",
                occurred_at=base + dt.timedelta(days=31 * month),
                category="overlast" if i % 2 else "vernieling",
                x=155_000 + rng.uniform(0, 1500),
                y=463_000 + rng.uniform(0, 1500),
            )
        )
    for i in range(80):  # a hot spot in every month
        objects.append(
            Incident(
                source_id=f"h-{i}",
                occurred_at=base + dt.timedelta(days=31 * (i % 4)),
                category="overlast",
                x=155_750 + rng.uniform(0, 99),
                y=463_750 + rng.uniform(0, 99),
            )
        )
    Incident.objects.bulk_create(objects)


@pytest.fixture
def upload(client, django_capture_on_commit_callbacks):
    """POST a file to the import page and, when it starts a job, run the job (the immediate task
    backend runs it when the transaction commits) and return the job's page."""
    from django.urls import reverse

    def post(file, **data):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("incidents:import"), {"file": file, **data})
        if response.status_code == 302 and "/taken/" in response["Location"]:
            return client.get(response["Location"])
        return response

    return post
