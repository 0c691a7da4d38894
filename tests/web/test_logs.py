"""JSON logs with the request's id, so one request can be followed through every log line."""

import json
import logging

import pytest

from schakel.web.logs import JsonFormatter, RequestIdFilter

pytestmark = pytest.mark.django_db


class Collect(logging.Handler):
    def __init__(self):
        super().__init__()
        self.addFilter(RequestIdFilter())
        self.setFormatter(JsonFormatter())
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(self.format(record))


@pytest.fixture
def collected():
    handler = Collect()
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    yield handler.lines
    logger.removeHandler(handler)


def test_every_response_has_a_request_id(client):
    response = client.get("/health/")
    assert len(response["X-Request-ID"]) == 32


def test_a_proxys_request_id_is_kept_and_junk_is_replaced(client):
    assert client.get("/health/", HTTP_X_REQUEST_ID="lb-1234abcd")["X-Request-ID"] == "lb-1234abcd"
    junk = client.get("/health/", HTTP_X_REQUEST_ID="<script>\n")["X-Request-ID"]
    assert junk != "<script>\n" and len(junk) == 32


def test_log_lines_during_a_request_are_json_with_its_id(client, collected):
    response = client.get("/bestaat-niet/", HTTP_X_REQUEST_ID="req-00000001")
    assert response.status_code == 404
    entries = [json.loads(line) for line in collected]
    assert entries, "Django logs a 404 on django.request"
    assert all(entry["request_id"] == "req-00000001" for entry in entries)
    assert entries[0]["level"] == "WARNING" and entries[0]["status"] == 404
    assert entries[0]["message"] == "Not Found: /bestaat-niet/"


def test_the_query_string_never_reaches_the_log(client, collected):
    client.get("/bestaat-niet/?bsn=123456782")
    assert collected and not any("123456782" in line for line in collected)
