"""Two first log-ins of the same person through the identity provider at the same moment (two
tabs, a double click on the provider's button) both get in, as the one account — neither answers
a server error because the other created the account first (issue 9 review).

Transactional and alone in its module: the threads need committed data and their own connections.
PostgreSQL only: on SQLite every transaction takes the write lock when it begins (IMMEDIATE), so
the two log-ins run one after the other — and the suite's in-memory SQLite database (shared cache)
refuses concurrent writers outright instead of waiting.
"""

import threading

import pytest
from django.db import connection, connections

from schakel.dashboard import oidc
from schakel.organisations.models import Organisation, OrganisationKind, Role, User

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="PostgreSQL only: SQLite serialises writers"
    ),
]
ISSUER = "https://login.gemeente.example/realm"


def test_simultaneous_first_log_ins_give_one_account(settings):
    settings.SCHAKEL_OIDC_ISSUER = ISSUER
    settings.SCHAKEL_OIDC_ROLES = {"schakel-regisseur": Role.PROCESS_DIRECTOR}
    Organisation.objects.create(
        name="Veiligheidshuis", kind=OrganisationKind.SAFETY_HOUSE, code="vhh-01"
    )
    subjects = [f"sub-{n}" for n in range(8)]
    failures: list[BaseException] = []
    accounts: dict[str, set[int]] = {subject: set() for subject in subjects}

    def log_in(subject: str, barrier: threading.Barrier) -> None:
        claims = {
            "sub": subject,
            settings.SCHAKEL_OIDC_ORGANISATION_CLAIM: "vhh-01",
            settings.SCHAKEL_OIDC_ROLE_CLAIM: ["schakel-regisseur"],
        }
        try:
            barrier.wait()
            accounts[subject].add(oidc.user_for_claims(claims).pk)
        except BaseException as exc:  # noqa: BLE001 - reported below
            failures.append(exc)
        finally:
            connections.close_all()

    for subject in subjects:
        barrier = threading.Barrier(2)
        threads = [threading.Thread(target=log_in, args=(subject, barrier)) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert failures == []
    for subject in subjects:
        assert len(accounts[subject]) == 1
        assert User.objects.filter(oidc_issuer=ISSUER, oidc_subject=subject).count() == 1
