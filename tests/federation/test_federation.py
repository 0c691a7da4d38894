""" "Already known?" across Veiligheidshuizen: the published index holds no identifiers and only
persons in open cases; a question is answered "known at <peer>, contact …" from the peers' last
indexes, never from one of another epoch or a withdrawn peer, under the local question's limit,
and audited without values; a peer fetches our index with its token, and a peer that left
answers 410 and is dropped."""

import base64
import datetime
import json

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from schakel.analytics import federated_index as fed
from schakel.audit.models import AuditEntry
from schakel.cases.workflow import CaseStatus
from schakel.federation import services
from schakel.federation.models import Peer, PeerIndex
from schakel.organisations.models import OrganisationKind
from tests.factories import OrganisationFactory

SECRET = "shared secret of the Veiligheidshuizen, 32+ bytes"
FEDERATED = {
    "SCHAKEL_FEDERATION_NAME": "Veiligheidshuis Lindewaard",
    "SCHAKEL_FEDERATION_KEY": SECRET,
    "SCHAKEL_FEDERATION_EPOCH": "2025-1",
    "SCHAKEL_FEDERATION_INDEX_BLOCK": 16,
}
QUESTION = {
    "reason": "casus",
    "given_names": "Fatima",
    "surname": "El Amrani",
    "date_of_birth": datetime.date(1975, 11, 30),
}
pytestmark = pytest.mark.usefixtures("federated")


@pytest.fixture
def federated(settings, db):
    for name, value in FEDERATED.items():
        setattr(settings, name, value)


@pytest.fixture
def known_case(twins_of_records, open_case_of):
    lead = OrganisationFactory(name="Reclassering Lindewaard", kind=OrganisationKind.PROBATION)
    return open_case_of(twins_of_records[0], lead_organisation=lead, title="Casus Amrani")


def peer_knowing(records, *, name="Veiligheidshuis Westland", epoch="2025-1", **fields) -> Peer:
    """A peer whose last fetched index holds `records` (encoded as that peer would)."""
    key = fed.epoch_key(SECRET.encode(), epoch)
    entries = fed.build_index(records, key, fed.Hardening(block=16))
    peer = Peer.objects.create(
        name=name, base_url="https://westland.example", contact="010-1234567", **fields
    )
    PeerIndex.objects.create(
        peer=peer,
        epoch=epoch,
        key_fingerprint=fed.fingerprint(key),
        bits=2048,
        entry_count=len(entries),
        entries="\n".join(fed.serialise(entries)),
        fetched_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC),
    )
    return peer


FATIMA = {"given_name": "Fatima", "surname": "El Amrani", "date_of_birth": "1975-11-30"}
OTHER = {"given_name": "Pieter", "surname": "Bakker", "date_of_birth": "1980-02-03"}


def federation_entries():
    return AuditEntry.objects.filter(object_type="federation.already_known")


# --- the published index ----------------------------------------------------------------------


def test_the_published_index_holds_no_identifiers_case_or_partner(known_case, client):
    peer = Peer.objects.create(name="Westland", base_url="https://w.example", contact="x")
    token = services.new_peer_token(peer=peer)
    services.publish_index()
    served = client.get("/federatie/index", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert served.status_code == 200
    text = served.content.decode().lower()
    for identifier in ("fatima", "amrani", "1975", "19751130", "123456782", "casus", "reclasser"):
        assert identifier not in text
    document = json.loads(served.content)
    assert document["epoch"] == "2025-1" and document["balanced"] is True
    assert len(document["entries"]) % 16 == 0  # padded to the block
    for entry in document["entries"]:
        raw = base64.b64decode(entry)
        assert len(raw) == 256 and sum(bin(b).count("1") for b in raw) == 1024


def test_only_persons_in_open_cases_are_published(known_case, wijkteam):
    services.publish_index()
    own = services.current_publication()
    peer = Peer.objects.create(name="Spiegel", base_url="https://s.example", contact="x")
    key = fed.epoch_key(SECRET.encode(), "2025-1")
    PeerIndex.objects.create(
        peer=peer,
        epoch="2025-1",
        key_fingerprint=fed.fingerprint(key),
        bits=own.bits,
        entry_count=own.entry_count,
        entries=own.entries,
        fetched_at=own.created_at,
    )
    assert services.ask_peers(by=wijkteam, **QUESTION)
    known_case.status = CaseStatus.CLOSED
    known_case.save()
    services.publish_index()
    # As a fetch writes it: the new entries, and when they were fetched (the parsed index of the
    # earlier fetch is not used again).
    PeerIndex.objects.filter(peer=peer).update(
        entries=services.current_publication().entries, fetched_at=timezone.now()
    )
    assert not services.ask_peers(by=wijkteam, **QUESTION)


# --- asking -------------------------------------------------------------------------------------


def test_known_at_a_peer_names_only_the_peer_and_its_contact(wijkteam):
    peer_knowing([FATIMA, OTHER])
    found = services.ask_peers(by=wijkteam, **{**QUESTION, "surname": "El Amrany"})
    assert [(k.installation, k.contact) for k in found] == [
        ("Veiligheidshuis Westland", "010-1234567")
    ]
    entry = federation_entries().get()
    assert "bekend bij: Veiligheidshuis Westland" in entry.detail
    assert "reden: casus" in entry.detail
    for value in ("Fatima", "Amran", "1975", "0.9"):
        assert value not in entry.detail


def test_a_stranger_is_not_known(wijkteam):
    peer_knowing([OTHER])
    assert services.ask_peers(by=wijkteam, **QUESTION) == []
    assert (
        "bekend bij: geen; gevraagd: Veiligheidshuis Westland" in federation_entries().get().detail
    )


def test_an_index_of_another_epoch_is_not_asked(wijkteam):
    peer_knowing([FATIMA], epoch="2024-2")
    assert services.ask_peers(by=wijkteam, **QUESTION) == []
    assert (
        "niet gevraagd, ander sleuteltijdvak: Veiligheidshuis Westland"
        in federation_entries().get().detail
    )


def test_an_index_under_another_key_with_the_same_epoch_label_is_not_asked(wijkteam, settings):
    peer_knowing([FATIMA])
    settings.SCHAKEL_FEDERATION_KEY = "a different secret that is long enough"
    assert services.ask_peers(by=wijkteam, **QUESTION) == []


def test_a_withdrawn_peer_is_not_asked_and_its_index_is_dropped(wijkteam):
    peer = peer_knowing([FATIMA])
    services.withdraw_peer(peer=peer)
    assert not PeerIndex.objects.exists()
    assert services.ask_peers(by=wijkteam, **QUESTION) == []
    assert not federation_entries().exists()  # no active peer: nobody else was asked


def test_the_page_says_known_at_the_peer(client_for, wijkteam):
    peer_knowing([FATIMA])
    response = client_for(wijkteam).post(
        reverse("linkage:already_known"), {**QUESTION, "date_of_birth": "1975-11-30"}
    )
    assert response.status_code == 200
    answer = response.content.decode().split('id="already-known-answer"')[1]
    assert "Known at Veiligheidshuis Westland, contact 010-1234567" in answer
    assert "Fatima" not in answer


def test_the_api_says_known_at_the_peer(client_for, wijkteam):
    peer_knowing([FATIMA])
    response = client_for(wijkteam).post(
        "/api/v1/already-known",
        {**QUESTION, "date_of_birth": "1975-11-30"},
        content_type="application/json",
    )
    assert response.json()["elsewhere"] == [
        {"installation": "Veiligheidshuis Westland", "contact": "010-1234567"}
    ]


@override_settings(SCHAKEL_ALREADY_KNOWN_PER_DAY=1)
def test_the_local_daily_limit_holds_for_the_peers_too(client_for, wijkteam):
    peer_knowing([FATIMA])
    client = client_for(wijkteam)
    data = {**QUESTION, "date_of_birth": "1975-11-30"}
    assert client.post(reverse("linkage:already_known"), data).context["elsewhere"]
    refused = client.post(reverse("linkage:already_known"), data)
    assert refused.context["form"].errors and not refused.context["elsewhere"]
    assert federation_entries().count() == 1


# --- fetching and leaving --------------------------------------------------------------------


def test_fetching_stores_the_index_and_a_410_withdraws_the_peer():
    west = Peer.objects.create(name="West", base_url="https://w.example/", contact="x")
    east = Peer.objects.create(name="Oost", base_url="https://o.example", contact="y")
    document = {
        "format": fed.FORMAT,
        "epoch": "2025-1",
        "key_fingerprint": "abc",
        "bits": 2048,
        "entries": fed.serialise(
            fed.build_index([FATIMA], fed.epoch_key(SECRET.encode(), "2025-1"))
        ),
    }
    PeerIndex.objects.create(
        peer=east,
        epoch="2025-1",
        bits=2048,
        entry_count=0,
        entries="",
        fetched_at="2025-01-01T00:00Z",
    )
    answers = {
        "https://w.example/federatie/index": (200, json.dumps(document).encode()),
        "https://o.example/federatie/index": (410, b""),
    }
    report = services.fetch_indexes(get=lambda url, token: answers[url])
    assert report.fetched == ["West"] and report.withdrawn == ["Oost"]
    assert west.index.entry_count == 256 and west.index.epoch == "2025-1"
    east.refresh_from_db()
    assert east.status == Peer.Status.WITHDRAWN and not PeerIndex.objects.filter(peer=east).exists()


def test_the_endpoint_wants_a_peers_token_and_logs_who_fetched(known_case, client):
    peer = Peer.objects.create(name="Westland", base_url="https://w.example", contact="x")
    token = services.new_peer_token(peer=peer)
    services.publish_index()
    assert client.get("/federatie/index").status_code == 401
    assert client.get("/federatie/index", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401
    assert client.get("/federatie/index", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200
    assert AuditEntry.objects.filter(detail__startswith="federatie-index opgehaald door Westland")
    services.withdraw_peer(peer=peer)
    assert client.get("/federatie/index", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401


def test_an_installation_that_leaves_answers_410(known_case, client):
    peer = Peer.objects.create(name="Westland", base_url="https://w.example", contact="x")
    token = services.new_peer_token(peer=peer)
    services.publish_index()
    services.leave_federation()
    assert client.get("/federatie/index", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 410
    with pytest.raises(Exception, match="left the federation"):
        services.publish_index()


def test_the_workers_daily_round_publishes_only_when_configured(settings, known_case):
    from schakel.federation import services
    from schakel.federation.models import PublishedIndex
    from schakel.jobs.registry import PERIODIC

    assert PERIODIC["federation exchange"].function is services.exchange
    settings.SCHAKEL_FEDERATION_NAME = ""
    services.exchange()
    assert not PublishedIndex.objects.exists()
    settings.SCHAKEL_FEDERATION_NAME = "Veiligheidshuis Lindewaard"
    services.exchange()  # no peers yet: it publishes, and fetches nothing
    assert PublishedIndex.objects.count() == 1
