"""What the federation reads: the persons whose encodings this installation publishes, and
whether a peer's index was made under this installation's key and epoch."""

from schakel.analytics import federated_index as fed
from schakel.cases.workflow import OPEN_STATUSES
from schakel.linkage.services import identity_groups
from schakel.registry.models import Person

from .models import PeerIndex


def persons_in_open_cases():
    """Persons in an open case, and every record linked to one of them (one identity)."""
    direct = set(
        Person.objects.filter(cases__status__in=OPEN_STATUSES).values_list("pk", flat=True)
    )
    groups = identity_groups()
    roots = {groups[p] for p in direct if p in groups}
    everyone = direct | {p for p, root in groups.items() if root in roots}
    return Person.objects.filter(pk__in=everyone)


def records_for_index() -> list[dict[str, str]]:
    """Given names, surname and date of birth of those persons: encoded at once, never stored."""
    return [
        {
            "given_name": p.given_names,
            "surname": " ".join(x for x in (p.surname_prefix, p.surname) if x),
            "date_of_birth": p.date_of_birth.isoformat() if p.date_of_birth else "",
        }
        for p in persons_in_open_cases().order_by("pk")
        if p.given_names and p.surname and p.date_of_birth
    ]


def index_matches_key(index: PeerIndex, epoch: str, key: bytes, bits: int) -> bool:
    """An index of another epoch, key or length is never compared: it would answer by chance."""
    return (
        index.epoch == epoch
        and index.key_fingerprint == fed.fingerprint(key)
        and index.bits == bits
    )
