"""The federation of Veiligheidshuizen: publish this installation's index, fetch the peers',
answer "already known?" against them, and leave.

Each state change validates, writes and audits in one transaction. The encodings are made and
compared by `schakel.analytics.federated_index`; nothing here ever sends or stores a name, date
of birth, BSN, case or partner — only keyed, balanced Bloom filters and their epoch.
"""

import hashlib
import json
import logging
import secrets
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from schakel.access.errors import ValidationError
from schakel.analytics import federated_index as fed
from schakel.audit.models import AuditAction, Purpose
from schakel.audit.services import record
from schakel.linkage.elsewhere import KnownElsewhere

from . import selectors
from .models import Peer, PeerIndex, PublishedIndex, Withdrawal

logger = logging.getLogger(__name__)
HARDENING = fed.Hardening(balanced=True)
# The most entries a fetched index may hold (a national index is far smaller).
MAX_ENTRIES = 2_000_000


class NotConfigured(ValidationError):
    """This installation has no federation name, key or epoch."""


# --- this installation's identity and key -----------------------------------------------------


def _secret() -> bytes:
    """The shared secret: SCHAKEL_FEDERATION_KEY_FILE (preferred) or SCHAKEL_FEDERATION_KEY."""
    path = settings.SCHAKEL_FEDERATION_KEY_FILE
    if path:
        try:
            return Path(path).read_bytes().strip()
        except OSError:
            raise NotConfigured(_("The federation key file cannot be read.")) from None
    return settings.SCHAKEL_FEDERATION_KEY.encode()


def is_configured() -> bool:
    return bool(
        settings.SCHAKEL_FEDERATION_NAME
        and settings.SCHAKEL_FEDERATION_EPOCH
        and (settings.SCHAKEL_FEDERATION_KEY_FILE or settings.SCHAKEL_FEDERATION_KEY)
    )


def current_key() -> tuple[str, bytes]:
    """(epoch, the epoch's key); refused when the federation is not configured here."""
    if not is_configured():
        raise NotConfigured(
            _(
                "The federation is not configured: set SCHAKEL_FEDERATION_NAME, "
                "SCHAKEL_FEDERATION_EPOCH and SCHAKEL_FEDERATION_KEY_FILE."
            )
        )
    epoch = settings.SCHAKEL_FEDERATION_EPOCH
    try:
        return epoch, fed.epoch_key(_secret(), epoch)
    except fed.FederationIndexError:
        raise NotConfigured(
            _("The federation key must be a long random secret (at least 16 bytes).")
        ) from None


def has_left() -> bool:
    return Withdrawal.objects.exists()


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# --- the index this installation publishes ---------------------------------------------------


def publish_index(*, by=None, now=None) -> PublishedIndex:
    """Encode the persons in open cases into a hardened index and offer it to the peers.

    Replaces the previous publication. Only encodings leave: no person, case or partner.
    """
    if has_left():
        raise ValidationError(_("This installation has left the federation; it publishes nothing."))
    epoch, key = current_key()
    now = now or timezone.now()
    entries = fed.build_index(
        selectors.records_for_index(),
        key,
        fed.Hardening(balanced=HARDENING.balanced, block=settings.SCHAKEL_FEDERATION_INDEX_BLOCK),
    )
    with transaction.atomic():
        PublishedIndex.objects.all().delete()
        published = PublishedIndex.objects.create(
            epoch=epoch,
            bits=HARDENING.bits,
            entry_count=len(entries),
            entries="\n".join(fed.serialise(entries)),
            created_at=now,
            created_by=by,
        )
        record(
            by,
            AuditAction.CREATE,
            obj=published,
            purpose=Purpose.ALREADY_KNOWN,
            detail=f"federatie-index gepubliceerd: tijdvak {epoch}, {len(entries)} regels "
            "(met opvulling)",
        )
    return published


def index_document(published: PublishedIndex) -> dict:
    """What `GET /federatie/index` answers: the encodings, their epoch and the key's label."""
    _epoch, key = current_key()
    return {
        "format": fed.FORMAT,
        "installation": settings.SCHAKEL_FEDERATION_NAME,
        "epoch": published.epoch,
        "key_fingerprint": fed.fingerprint(key),
        "bits": published.bits,
        "balanced": HARDENING.balanced,
        "published_at": published.created_at.isoformat(),
        "entries": published.entries.split("\n") if published.entries else [],
    }


def current_publication() -> PublishedIndex | None:
    """The published index of the current epoch (one of an old epoch is not served)."""
    return PublishedIndex.objects.filter(epoch=settings.SCHAKEL_FEDERATION_EPOCH).first()


def peer_for_token(token: str) -> Peer | None:
    if not token:
        return None
    return Peer.objects.filter(token_sha256=token_digest(token), status=Peer.Status.ACTIVE).first()


def serve_index(*, peer: Peer, published: PublishedIndex) -> dict:
    """The index for one peer's fetch, and the audit entry that says who fetched it."""
    document = index_document(published)
    record(
        None,
        AuditAction.DOWNLOAD,
        obj=published,
        purpose=Purpose.ALREADY_KNOWN,
        detail=f"federatie-index opgehaald door {peer.name} (tijdvak {published.epoch}, "
        f"{published.entry_count} regels)",
    )
    return document


def leave_federation(*, by=None, now=None) -> Withdrawal:
    """This installation leaves: its index is deleted and the endpoint answers 410 from now on,
    so that every peer drops it at its next fetch. The peers' indexes are dropped too."""
    now = now or timezone.now()
    with transaction.atomic():
        withdrawal = Withdrawal.objects.first() or Withdrawal.objects.create(
            withdrawn_at=now, withdrawn_by=by
        )
        PublishedIndex.objects.all().delete()
        PeerIndex.objects.all().delete()
        record(
            by,
            AuditAction.DELETE,
            obj=withdrawal,
            purpose=Purpose.ALREADY_KNOWN,
            detail="uit de federatie getreden: eigen index ingetrokken, indexen van anderen gewist",
        )
    return withdrawal


# --- peers -------------------------------------------------------------------------------------


def new_peer_token(*, peer: Peer, by=None) -> str:
    """A new token for `peer` to fetch our index; returned once, only its SHA-256 is kept."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        peer.token_sha256 = token_digest(token)
        peer.save(update_fields=["token_sha256"])
        record(
            by,
            AuditAction.CHANGE,
            obj=peer,
            purpose=Purpose.ADMINISTRATION,
            detail=f"nieuw token voor {peer.name} om onze federatie-index op te halen",
        )
    return token


def withdraw_peer(*, peer: Peer, by=None, why: str = "door beheer", now=None) -> Peer:
    """The peer left (or is no longer trusted): it is not asked, its index is dropped, and its
    token no longer fetches ours."""
    now = now or timezone.now()
    with transaction.atomic():
        PeerIndex.objects.filter(peer=peer).delete()
        peer.status = Peer.Status.WITHDRAWN
        peer.withdrawn_at = now
        peer.save(update_fields=["status", "withdrawn_at"])
        record(
            by,
            AuditAction.CHANGE,
            obj=peer,
            purpose=Purpose.ALREADY_KNOWN,
            detail=f"{peer.name} teruggetrokken uit de federatie ({why}); index gewist",
        )
    return peer


@dataclass
class FetchReport:
    fetched: list[str] = field(default_factory=list)
    withdrawn: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)


def _get(url: str, token: str) -> tuple[int, bytes]:
    request = urllib.request.Request(  # noqa: S310 — the beheerder's https address of a peer
        url, headers={"Authorization": f"Bearer {token}", "Accept": "application/json"}
    )
    try:
        with urllib.request.urlopen(  # noqa: S310
            request, timeout=settings.SCHAKEL_FEDERATION_FETCH_TIMEOUT
        ) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def _parse_index(body: bytes) -> dict:
    try:
        document = json.loads(body)
    except ValueError:
        raise fed.FederationIndexError("not JSON") from None
    if not isinstance(document, dict) or document.get("format") != fed.FORMAT:
        raise fed.FederationIndexError("not a Schakel federation index")
    entries, bits = document.get("entries"), document.get("bits")
    if not isinstance(entries, list) or not isinstance(bits, int) or bits % 64:
        raise fed.FederationIndexError("entries or bits missing")
    if len(entries) > MAX_ENTRIES:
        raise fed.FederationIndexError("too many entries")
    fed.deserialise(entries, bits)  # every entry well-formed
    if not isinstance(document.get("epoch"), str) or not document["epoch"]:
        raise fed.FederationIndexError("no epoch")
    return document


def fetch_indexes(*, by=None, now=None, get=_get) -> FetchReport:
    """Fetch every active peer's index over HTTP and keep the last one per peer.

    A peer that answers 410 has left: it is withdrawn here and its index dropped. A peer that
    cannot be reached keeps its previous index (it is still within its epoch).
    """
    if has_left():
        raise ValidationError(_("This installation has left the federation; it fetches nothing."))
    now = now or timezone.now()
    report = FetchReport()
    for peer in Peer.objects.filter(status=Peer.Status.ACTIVE).order_by("name"):
        url = peer.base_url.rstrip("/") + "/federatie/index"
        try:
            status, body = get(url, peer.fetch_token)
        except (OSError, ValueError) as error:
            report.failed.append((peer.name, type(error).__name__))
            continue
        if status == 410:
            withdraw_peer(peer=peer, by=by, why="de index is ingetrokken (HTTP 410)", now=now)
            report.withdrawn.append(peer.name)
            continue
        if status != 200:
            report.failed.append((peer.name, f"HTTP {status}"))
            continue
        try:
            document = _parse_index(body)
        except fed.FederationIndexError as error:
            report.failed.append((peer.name, str(error)))
            continue
        with transaction.atomic():
            PeerIndex.objects.update_or_create(
                peer=peer,
                defaults={
                    "epoch": document["epoch"],
                    "key_fingerprint": str(document.get("key_fingerprint", ""))[:32],
                    "bits": document["bits"],
                    "entry_count": len(document["entries"]),
                    "entries": "\n".join(document["entries"]),
                    "fetched_at": now,
                },
            )
        report.fetched.append(peer.name)
    record(
        by,
        AuditAction.DOWNLOAD,
        object_type="federation.peerindex",
        purpose=Purpose.ALREADY_KNOWN,
        detail=f"federatie-indexen opgehaald: {', '.join(report.fetched) or 'geen'}; "
        f"teruggetrokken: {', '.join(report.withdrawn) or 'geen'}; "
        f"mislukt: {', '.join(n for n, _ in report.failed) or 'geen'}",
    )
    return report


# --- asking ------------------------------------------------------------------------------------


#: Parsed peer indexes, per process: (peer, fetched at, epoch, count) -> the entries as words.
#: A question compares against arrays in memory; the text is read and decoded once per fetch.
_PARSED: dict[tuple, object] = {}


def _entries_of(index: PeerIndex):
    # A fetch writes a new `fetched_at` (to the microsecond): a new fetch is a new key.
    key = (index.peer_id, index.pk, index.fetched_at, index.epoch, index.entry_count, index.bits)
    parsed = _PARSED.get(key)
    if parsed is None:
        text = PeerIndex.objects.filter(pk=index.pk).values_list("entries", flat=True).first()
        parsed = fed.deserialise(text.split("\n") if text else [], index.bits)
        for stale in [k for k in _PARSED if k[0] == index.peer_id]:
            del _PARSED[stale]
        _PARSED[key] = parsed
    return parsed


def exchange() -> None:
    """The worker's daily round (`apps.py`): publish this installation's index and fetch the
    peers'. Nothing when the federation is not configured here or this installation left."""
    if not is_configured() or has_left():
        return
    publish_index()
    fetch_indexes()


def ask_peers(
    *,
    by,
    reason: str,
    given_names: str = "",
    surname_prefix: str = "",
    surname: str = "",
    date_of_birth=None,
    bsn: str = "",
) -> list[KnownElsewhere]:
    """ "Already known?" against the peers' last indexes: only "known at <peer>, contact …".

    Called by linkage after the local question was accepted (its checks, daily limit and audit
    apply; see linkage/elsewhere.py). Withdrawn peers are not asked; an index of another epoch
    or key answers nothing. One audit entry says which peers were asked and which said yes —
    never the question's values, never a score.
    """
    if not is_configured() or has_left():
        return []
    peers = list(
        Peer.objects.filter(status=Peer.Status.ACTIVE)
        .select_related("index")
        .defer("index__entries")  # read once per fetch, by `_entries_of`
        .order_by("name")
    )
    if not peers:
        return []
    if not (given_names and surname and date_of_birth):
        record(
            by,
            AuditAction.SEARCH,
            object_type="federation.already_known",
            purpose=Purpose.ALREADY_KNOWN,
            detail=f"vraag 'al bekend?' niet aan andere Veiligheidshuizen gesteld (reden: "
            f"{reason}): zij worden alleen met naam en geboortedatum gevraagd",
        )
        return []
    epoch, key = current_key()
    question = fed.encode(
        [
            {
                "given_name": given_names,
                "surname": " ".join(x for x in (surname_prefix, surname) if x),
                "date_of_birth": date_of_birth.isoformat(),
            }
        ],
        key,
        HARDENING,
    )[0]
    known, asked, other_epoch, no_index = [], [], [], []
    for peer in peers:
        index = getattr(peer, "index", None)
        if index is None:
            no_index.append(peer.name)
            continue
        if not selectors.index_matches_key(index, epoch, key, HARDENING.bits):
            other_epoch.append(peer.name)
            continue
        asked.append(peer.name)
        if fed.best_score(question, _entries_of(index)) >= HARDENING.threshold:
            known.append(KnownElsewhere(installation=peer.name, contact=peer.contact))
    record(
        by,
        AuditAction.SEARCH,
        object_type="federation.already_known",
        purpose=Purpose.ALREADY_KNOWN,
        detail=f"vraag 'al bekend?' aan andere Veiligheidshuizen (reden: {reason}): "
        f"bekend bij: {', '.join(k.installation for k in known) or 'geen'}; "
        f"gevraagd: {', '.join(asked) or 'geen'}; "
        f"niet gevraagd, ander sleuteltijdvak: {', '.join(other_epoch) or 'geen'}; "
        f"geen index: {', '.join(no_index) or 'geen'}",
    )
    return known
