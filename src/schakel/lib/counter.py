"""Counting events within a window in the shared cache, so that processes counting at once lose none.

Django's database cache increments by reading the value and writing it back (`BaseCache.incr`):
two gunicorn workers counting the same failed log-in at the same moment both read 3 and both write
4 — and that write also resets the key's lifetime to the cache's default. Here each event takes a
numbered slot of its own with `cache.add`, which every shared backend does atomically (an insert
on a unique key in the database cache, SET NX in Redis): of two processes adding the same slot,
one wins and the other moves on to the next. Each slot lives for the window from its own event,
so the count is the number of events in the last `window` seconds.
"""

from django.core.cache import cache


def _slots(key: str, up_to: int) -> list[str]:
    return [f"{key}:{number}" for number in range(1, up_to + 1)]


def count(key: str, *, window: int, up_to: int) -> int:
    """Count one event under `key`; returns its number (1 for the first in the window), or
    `up_to + 1` when `up_to` events are already counted (the event is then not stored)."""
    slots = _slots(key, up_to)
    taken = cache.get_many(slots)
    for number, slot in enumerate(slots, 1):
        if slot not in taken and cache.add(slot, 1, timeout=window):
            return number
    return up_to + 1


def counted(key: str, *, up_to: int) -> int:
    """How many events under `key` are within their window (at most `up_to`)."""
    return len(cache.get_many(_slots(key, up_to)))


def forget(key: str, *, up_to: int) -> None:
    """Forget the events counted under `key`."""
    cache.delete_many(_slots(key, up_to))
