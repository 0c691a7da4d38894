"""The background worker's heartbeat, kept in the shared cache so every web worker can see it."""

import time

from django.core.cache import cache

KEY = "schakel:worker:heartbeat"
INTERVAL_SECONDS = 10
# Missing three beats in a row: the worker is considered down.
STALE_AFTER_SECONDS = 3 * INTERVAL_SECONDS


def beat(worker_id: str) -> None:
    cache.set(KEY, {"at": time.time(), "worker": worker_id}, timeout=STALE_AFTER_SECONDS * 4)


def last_beat() -> dict | None:
    return cache.get(KEY)


def worker_alive(now: float | None = None) -> bool:
    last = last_beat()
    if not last:
        return False
    return (now or time.time()) - last["at"] <= STALE_AFTER_SECONDS
