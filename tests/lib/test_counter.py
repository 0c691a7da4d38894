"""Counting events in a window in the shared cache: each event takes a numbered slot with an
atomic add, so simultaneous counts are never lost (the cross-process proof is in
tests/config/test_shared_cache.py)."""

import pytest
from django.core.cache import cache

from schakel.lib import counter

pytestmark = pytest.mark.django_db


def test_events_are_numbered_up_to_the_limit_and_then_not_stored():
    numbers = [counter.count("k", window=60, up_to=3) for _ in range(5)]
    assert numbers == [1, 2, 3, 4, 4]
    assert counter.counted("k", up_to=3) == 3


def test_forgetting_starts_the_count_again():
    counter.count("k", window=60, up_to=3)
    counter.count("k", window=60, up_to=3)
    counter.forget("k", up_to=3)
    assert counter.counted("k", up_to=3) == 0
    assert counter.count("k", window=60, up_to=3) == 1


def test_an_event_past_its_window_no_longer_counts():
    counter.count("k", window=60, up_to=3)
    counter.count("k", window=60, up_to=3)
    cache.delete("k:1")  # the first event's window has passed
    assert counter.counted("k", up_to=3) == 1
    # the next event fills the free slot: two events in the window, not three
    assert counter.count("k", window=60, up_to=3) == 1
    assert counter.counted("k", up_to=3) == 2
