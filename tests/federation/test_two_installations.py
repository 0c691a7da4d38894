"""Two Schakel installations side by side (issue 14): Veiligheidshuis West runs as a real
gunicorn process on its own SQLite file, with one person in an open case and this installation
(Lindewaard, the test's own) as its peer. Lindewaard fetches West's index over HTTP, a case
worker asks "already known?", and the answer is "known at Veiligheidshuis West" for that person
and nothing for another. Both audit logs show it: Lindewaard's which peers said yes, West's that
Lindewaard fetched its index."""

import hashlib
import os
import signal
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from schakel.audit.models import AuditEntry
from schakel.federation.models import Peer
from tests.config.test_shared_cache import free_port, wait_until_up
from tests.processes import ROOT, django_env, manage, prepared_database, query

pytestmark = pytest.mark.slow

SECRET = "the secret Lindewaard and West agreed, long enough"
TOKEN = "token-west-gave-lindewaard-0123456789"  # noqa: S105 — a throwaway test token
FEDERATION = {"SCHAKEL_FEDERATION_KEY": SECRET, "SCHAKEL_FEDERATION_EPOCH": "2025-1"}

WEST_SETUP = f"""
import datetime, hashlib
from tests.factories import CaseFactory, PersonFactory
from schakel.federation.models import Peer
fatima = PersonFactory(given_names="Fatima", surname="El Amrani", bsn="123456782",
                       date_of_birth=datetime.date(1975, 11, 30))
CaseFactory(persons=[fatima], title="Casus in West")
Peer.objects.create(name="Veiligheidshuis Lindewaard", base_url="http://lindewaard.invalid",
                    contact="0570-111111",
                    token_sha256=hashlib.sha256({TOKEN!r}.encode()).hexdigest())
from django.core.management import call_command
call_command("publish_federation_index")
"""


@pytest.fixture(scope="module")
def migrated_file(django_db_setup, django_db_blocker, tmp_path_factory):
    """A migrated database file for West. On SQLite a copy of the suite's freshly migrated test
    database (`VACUUM INTO`, before any test writes to it) saves a second `migrate`, the
    slowest step; on another database, `migrate` as usual."""
    database = tmp_path_factory.mktemp("west") / "west.sqlite3"
    if connection.vendor == "sqlite":
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute("VACUUM INTO %s", [str(database)])
    else:
        prepared_database(django_env(database))
    return database


@pytest.fixture
def west(migrated_file, tmp_path):
    """Veiligheidshuis West: its own database, its index published, served by gunicorn."""
    database = migrated_file
    env = django_env(
        database,
        SCHAKEL_FEDERATION_NAME="Veiligheidshuis West",
        SCHAKEL_FEDERATION_INDEX_BLOCK="16",
        **FEDERATION,
    )
    manage(env, "shell", "-c", WEST_SETUP)
    port = free_port()
    log = tmp_path / "west.log"
    process = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "--config", "gunicorn.conf.py", "schakel.config.wsgi"],
        cwd=ROOT,
        env={**env, "SCHAKEL_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "1"},
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_until_up(f"http://127.0.0.1:{port}", process)
        yield f"http://127.0.0.1:{port}", database
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def test_a_question_here_is_answered_by_west(west, settings, client_for, wijkteam):
    url, west_database = west
    settings.SCHAKEL_FEDERATION_NAME = "Veiligheidshuis Lindewaard"
    settings.SCHAKEL_FEDERATION_KEY = SECRET
    settings.SCHAKEL_FEDERATION_EPOCH = "2025-1"
    Peer.objects.create(
        name="Veiligheidshuis West", base_url=url, contact="070-222222", fetch_token=TOKEN
    )
    call_command("fetch_federation_indexes", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert Peer.objects.get().index.entry_count == 16

    client = client_for(wijkteam)
    asked = {"reason": "casus", "given_names": "Fatima", "surname": "El Amrany"}
    known = client.post(reverse("linkage:already_known"), {**asked, "date_of_birth": "1975-11-30"})
    answer = known.content.decode().split('id="already-known-answer"')[1]
    assert "Known at Veiligheidshuis West, contact 070-222222" in answer
    stranger = {**asked, "given_names": "Pieter", "surname": "Bakker"}
    unknown = client.post(
        reverse("linkage:already_known"), {**stranger, "date_of_birth": "1980-02-03"}
    )
    assert "No matching person is known" in unknown.content.decode()
    assert "Known at" not in unknown.content.decode()

    # Lindewaard's log: who asked, why, which peers said yes — no name, no date, no score.
    ours = list(
        AuditEntry.objects.filter(object_type="federation.already_known")
        .order_by("id")
        .values_list("username", "detail")
    )
    assert [user for user, _ in ours] == ["wijkteam", "wijkteam"]
    assert "bekend bij: Veiligheidshuis West" in ours[0][1]
    assert "bekend bij: geen; gevraagd: Veiligheidshuis West" in ours[1][1]
    assert not any("Fatima" in d or "1975" in d or "Bakker" in d for _, d in ours)
    # West's log: its index was fetched, and by whom.
    fetched = query(
        west_database,
        "SELECT detail FROM audit_auditentry WHERE detail LIKE 'federatie-index opgehaald%'",
    )
    assert fetched == [("federatie-index opgehaald door Veiligheidshuis Lindewaard "
                        "(tijdvak 2025-1, 16 regels)",)]  # fmt: skip
    assert hashlib.sha256(TOKEN.encode()).hexdigest() not in Path(west_database).name
