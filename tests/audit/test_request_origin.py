"""Audit entries say where a request came from: the client's address (behind trusted proxies
only) and a keyed reference to the session; both are covered by the keyed hash (version 3)."""

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from schakel.audit.chain import (
    CONTENT_CHANGED,
    CURRENT_HASH_VERSION,
    HASH_HMAC_SHA256,
    compute_hash,
    verify_chain,
)
from schakel.audit.context import session_ref_for
from schakel.audit.models import AuditAction, AuditEntry
from schakel.audit.services import record

pytestmark = pytest.mark.django_db

PASSWORD = "geheim-wachtwoord"  # noqa: S105 (set by UserFactory)


def _log_in(client):
    response = client.post(reverse("login"), {"username": "regisseur", "password": PASSWORD})
    assert response.status_code == 302
    return AuditEntry.objects.get(action=AuditAction.LOGIN)


def test_log_in_records_the_client_address_and_the_new_session(regisseur):
    client = Client(REMOTE_ADDR="198.51.100.20")

    login = _log_in(client)

    assert login.client_address == "198.51.100.20"
    assert login.session_ref == session_ref_for(client.session.session_key)
    assert client.session.session_key not in login.session_ref
    assert login.hash_version == CURRENT_HASH_VERSION


def test_forwarded_address_counts_only_from_a_trusted_proxy(regisseur, settings):
    settings.SCHAKEL_TRUSTED_PROXIES = ["10.0.0.0/8"]
    forwarded = {"HTTP_X_FORWARDED_FOR": "192.0.2.1, 198.51.100.30, 10.0.0.7"}

    behind_proxy = _log_in(Client(REMOTE_ADDR="10.0.0.5", **forwarded))
    direct = Client(REMOTE_ADDR="203.0.113.40", **forwarded)
    direct.post(reverse("login"), {"username": "regisseur", "password": PASSWORD})
    direct_login = AuditEntry.objects.filter(action=AuditAction.LOGIN).order_by("-id").first()

    assert behind_proxy.client_address == "198.51.100.30"
    assert direct_login.client_address == "203.0.113.40"


def test_outside_a_request_the_origin_is_empty(regisseur):
    entry = record(regisseur, AuditAction.VIEW)

    assert (entry.client_address, entry.session_ref) == ("", "")


def test_rewriting_the_client_address_breaks_the_chain(regisseur):
    client = Client(REMOTE_ADDR="198.51.100.20")
    login = _log_in(client)
    _drop_triggers()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditentry SET client_address = %s WHERE id = %s",
            ["192.0.2.99", login.pk],
        )

    breaks = verify_chain(AuditEntry.objects.order_by("id"))

    assert (login.pk, CONTENT_CHANGED) in {(b.entry_id, b.reason) for b in breaks}


def test_entries_of_the_previous_scheme_still_verify_before_new_ones(regisseur):
    """A log written before client addresses were recorded (version 2) stays valid."""
    old = record(regisseur, AuditAction.VIEW)
    fields = {name: getattr(old, name) for name in ("client_address", "session_ref")}
    old_fields = {f.name: getattr(old, f.name) for f in AuditEntry._meta.fields}
    _drop_triggers()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditentry SET hash_version = %s, entry_hash = %s WHERE id = %s",
            [
                HASH_HMAC_SHA256,
                compute_hash(old.previous_hash, old_fields, HASH_HMAC_SHA256),
                old.pk,
            ],
        )
    new = record(regisseur, AuditAction.VIEW)

    assert fields == {"client_address": "", "session_ref": ""}
    assert new.hash_version == CURRENT_HASH_VERSION
    assert verify_chain(AuditEntry.objects.order_by("id")) == []


def _drop_triggers():
    if connection.vendor == "postgresql":
        statements = ["DROP TRIGGER IF EXISTS audit_append_only ON audit_auditentry"]
    else:
        statements = [
            "DROP TRIGGER IF EXISTS audit_append_only_update",
            "DROP TRIGGER IF EXISTS audit_append_only_delete",
        ]
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
