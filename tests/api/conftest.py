"""Helpers for API tests: a DRF client logged in as a user of a role."""

import pytest
from rest_framework.test import APIClient

from schakel.organisations.models import OrganisationKind
from tests.factories import OrganisationFactory


@pytest.fixture
def api_for():
    """api_for(user) -> an APIClient authenticated as that user (None: anonymous)."""

    def client_for(user):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return client_for


@pytest.fixture
def safety_house(db):
    return OrganisationFactory(name="Test veiligheidshuis", kind=OrganisationKind.SAFETY_HOUSE)
