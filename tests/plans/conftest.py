"""The plan tests read English messages: pin the language, whatever the Dutch catalogue says."""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def client_for(client_for):
    """As the shared fixture, but the browser asks for English pages."""

    def login(user):
        client = client_for(user)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return login
