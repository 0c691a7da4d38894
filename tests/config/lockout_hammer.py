"""Failed log-ins counted from many threads at once, in a process of their own.

Run (twice, side by side) by `test_shared_cache.py` against one database and cache, as two
gunicorn workers would. Prints one JSON line: how many failures this process counted and how many
of them closed the lock.
"""

import json
import os
import sys
import threading

import django

THREADS = int(os.environ.get("HAMMER_THREADS", "6"))
PER_THREAD = int(os.environ.get("HAMMER_FAILURES", "5"))
USERNAME = os.environ.get("HAMMER_USERNAME", "jansen")


def main() -> None:
    django.setup()
    from django.db import connection
    from django.test import RequestFactory

    from schakel.dashboard import lockout

    start = threading.Barrier(THREADS)
    closed: list[list[str]] = []
    errors: list[str] = []

    def guess(n: int) -> None:
        request = RequestFactory().post("/inloggen/", REMOTE_ADDR=f"10.{os.getpid() % 250}.0.{n}")
        try:
            start.wait()
            for _ in range(PER_THREAD):
                locked = lockout.register_failure(USERNAME, request)
                if locked:
                    closed.append(locked)
        except Exception as error:  # noqa: BLE001 — every error is the finding
            errors.append(f"{type(error).__name__}: {error}")
        finally:
            connection.close()

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(json.dumps({"closed": closed, "errors": errors}))


if __name__ == "__main__":
    sys.exit(main())
