"""Many threads writing at once to a file SQLite database with Schakel's settings.

Run as a separate process by `test_sqlite_concurrency.py` (the test database of the suite is in
memory and shared by one process, so it cannot show how the embedded default behaves on disk).
Prints one JSON line: the errors, the rows written, and whether the audit chain verifies.
"""

import json
import os
import sys
import threading

import django

THREADS = int(os.environ.get("WRITERS", "12"))
PER_THREAD = int(os.environ.get("WRITES", "15"))


def main() -> None:
    django.setup()
    from django.db import connection

    from schakel.audit.chain import verify_chain
    from schakel.audit.models import AuditAction, AuditEntry, Purpose
    from schakel.audit.services import record
    from schakel.intake.models import Signal, SignalCategory
    from schakel.intake.services import create_signal
    from schakel.organisations.models import Organisation, OrganisationKind, Role, User

    house = Organisation.objects.create(name="VH", kind=OrganisationKind.SAFETY_HOUSE)
    police = Organisation.objects.create(name="Politie", kind=OrganisationKind.POLICE)
    reporter = User.objects.create(username="agent", organisation=police, role=Role.PROFESSIONAL)
    category = SignalCategory.objects.order_by("pk").first()
    audit_before = AuditEntry.objects.count()

    errors: list[str] = []
    start = threading.Barrier(THREADS)

    def writer(n: int) -> None:
        try:
            start.wait()
            for i in range(PER_THREAD):
                try:
                    create_signal(
                        by=reporter,
                        category=category,
                        description=f"Signaal {n}-{i}",
                        receiving_organisation=house,
                    )
                    record(reporter, AuditAction.VIEW, obj=house, purpose=Purpose.CASE_HANDLING)
                except Exception as exc:  # noqa: BLE001 — every error is the finding
                    errors.append(f"{type(exc).__name__}: {exc}")
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    descriptions = set(Signal.objects.values_list("description", flat=True))
    expected = {f"Signaal {n}-{i}" for n in range(THREADS) for i in range(PER_THREAD)}
    broken = verify_chain(AuditEntry.objects.order_by("id").iterator())
    print(
        json.dumps(
            {
                "errors": sorted(set(errors))[:5],
                "error_count": len(errors),
                "missing_signals": len(expected - descriptions),
                "references_unique": Signal.objects.values("reference").distinct().count()
                == Signal.objects.count(),
                "audit_written": AuditEntry.objects.count() - audit_before,
                "chain_breaks": len(broken),
                "journal_mode": connection.cursor().execute("PRAGMA journal_mode").fetchone()[0],
            }
        )
    )


if __name__ == "__main__":
    sys.exit(main())
