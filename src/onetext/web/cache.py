"""Rendered views kept per viewer until the record changes.

Every write to the record appends an audit event in its own transaction, so the
audit chain's head (its sequence number) names a state of the record. A view is
computed after reading that number, so an entry filed under generation G holds
data at least as new as G, and no request reads it once G has moved on.

Entries are keyed by the viewer's whole actor (handle, party, role, level) as well
as the request: a view is never handed from one viewer to another, so the cache
cannot carry one party's marks to someone else whatever the access rules say.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from threading import Lock
from typing import TypeVar

from onetext.access import Actor
from onetext.service.audit import record_generation
from onetext.service.unit_of_work import UnitOfWork

__all__ = ["ViewCache", "cached_view"]

T = TypeVar("T")


class ViewCache:
    """A small LRU map shared by a worker's threads; values are computed outside the lock.
    A capacity of 0 keeps nothing (every request computes its view)."""

    def __init__(self, capacity: int = 128) -> None:
        self.capacity = capacity
        self._entries: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = Lock()
        self.hits = 0
        self.misses = 0

    def fetch(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The value under ``key``, computing and keeping it if absent."""
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                self.hits += 1
                return self._entries[key]  # type: ignore[return-value]
            self.misses += 1
        value = compute()
        if self.capacity <= 0:
            return value
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.capacity:
                self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


def cached_view(
    cache: ViewCache,
    uow: UnitOfWork,
    actor: Actor,
    key: tuple[Hashable, ...],
    compute: Callable[[], T],
) -> T:
    """``compute()`` for this viewer and request, reused until the record changes."""
    return cache.fetch((actor, record_generation(uow), *key), compute)
