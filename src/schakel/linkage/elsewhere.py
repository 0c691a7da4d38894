""" "Already known?" at other installations: the answers a higher app (`federation`) adds.

Linkage answers the question for its own installation. An app above it that can ask other
Veiligheidshuizen registers an asker here in its `AppConfig.ready()`; the views and the API call
`ask` after the local question was accepted — so under its checks, its daily limit and its audit
— and show what came back. Linkage imports no app above it.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class KnownElsewhere:
    """Only which Veiligheidshuis knows the person, and how to reach it: no score, no record."""

    installation: str
    contact: str


Asker = Callable[..., list[KnownElsewhere]]
_askers: list[Asker] = []


def register(asker: Asker) -> None:
    """`asker(by=, reason=, given_names=, surname_prefix=, surname=, date_of_birth=, bsn=)`."""
    if asker not in _askers:
        _askers.append(asker)


def ask(*, by, reason: str, **question) -> list[KnownElsewhere]:
    """Every registered asker's answers (none registered: nobody else is asked)."""
    found: list[KnownElsewhere] = []
    for asker in _askers:
        found.extend(asker(by=by, reason=reason, **question))
    return found
