"""The demo data, loaded once per test session (per xdist worker) for the tests that read it.

Loading takes seconds, so the tests that use the `demo` fixture (tests/conftest.py) share one
load: it is loaded in a transaction that stays open, and each such test runs in a savepoint
inside it (pytest-django's `db`), so that the test's own writes are rolled back. Before a test
that does not use it, the transaction is rolled back: that test starts from the empty database
as always. The tests that use it run first, so that a worker loads it once.
"""

from io import StringIO
from types import SimpleNamespace

from django.core.management import call_command
from django.db import connection, transaction

SEED = 2026


class SharedDemo:
    """The demo data in an open transaction of the test database, loaded when first asked."""

    active: "SharedDemo | None" = None  # the session's, for the hook that rolls it back

    def __init__(self, django_db_blocker):
        self.blocker = django_db_blocker
        self.atomic = None
        self.info = None

    @property
    def loaded(self) -> bool:
        return self.atomic is not None

    def load(self) -> SimpleNamespace:
        if self.loaded:
            return self.info
        if connection.in_atomic_block:
            raise RuntimeError("Ask for the `demo` fixture before `db`: `db` runs inside it.")
        with self.blocker.unblock():
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            try:
                self.info = _load_demo()
            except BaseException:
                self.unload()
                raise
        return self.info

    def unload(self) -> None:
        if not self.loaded:
            return
        atomic, self.atomic = self.atomic, None
        with self.blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _load_demo() -> SimpleNamespace:
    """`manage.py load_demo --seed 2026` and what it printed. How long it takes is measured in
    `bench/demo_load.py`, not here."""
    output = StringIO()
    call_command("load_demo", seed=SEED, stdout=output)
    return SimpleNamespace(output=output.getvalue())
