"""The view cache: one computation per key however many ask at once; LRU capacity;
a failed computation is not kept and each waiting request reports its own error."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from onetext.web.cache import ViewCache


def test_concurrent_misses_compute_once() -> None:
    cache = ViewCache()
    calls = []
    started = threading.Barrier(8)

    def compute() -> str:
        calls.append(1)
        time.sleep(0.3)
        return "view"

    def ask() -> str:
        started.wait()
        return cache.fetch("key", compute)

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda _i: ask(), range(8)))
    assert answers == ["view"] * 8
    assert len(calls) == 1
    assert (cache.hits, cache.misses) == (7, 1)


def test_a_failure_is_not_kept_and_every_waiter_gets_its_own_answer() -> None:
    cache = ViewCache()
    first_started = threading.Event()
    attempts = []

    def failing() -> str:
        attempts.append(1)
        first_started.set()
        time.sleep(0.2)
        raise ValueError("the record changed under us")

    with ThreadPoolExecutor(2) as pool:
        first = pool.submit(cache.fetch, "key", failing)
        first_started.wait()
        second = pool.submit(cache.fetch, "key", failing)
        with pytest.raises(ValueError):
            first.result()
        with pytest.raises(ValueError):
            second.result()
    assert len(attempts) == 2
    assert cache.fetch("key", lambda: "fresh") == "fresh"


def test_least_recently_used_entries_go_first() -> None:
    cache = ViewCache(capacity=2)
    cache.fetch("a", lambda: 1)
    cache.fetch("b", lambda: 2)
    cache.fetch("a", lambda: 0)  # a hit: "a" is now the most recent
    cache.fetch("c", lambda: 3)  # evicts "b"
    assert cache.fetch("a", lambda: -1) == 1
    assert cache.fetch("b", lambda: -2) == -2


def test_capacity_zero_keeps_nothing() -> None:
    cache = ViewCache(capacity=0)
    values = iter(range(10))
    assert [cache.fetch("k", lambda: next(values)) for _ in range(3)] == [0, 1, 2]
    assert cache.hits == 0
