"""Rendered views kept per viewer until the record changes.

Every write to the record appends an audit event in its own transaction, so the
audit chain's head (its sequence number) names a state of the record. A view is
computed after reading that number, so an entry filed under generation G holds
data at least as new as G, and no request reads it once G has moved on.

Entries are keyed by the viewer's scope (``Actor.scope``: role, party, level,
operator: everything the access rules look at) as well as the request, so viewers
who may read exactly the same things share a view, and no view reaches a viewer
of another scope. A property test holds the access rules to that
(tests/record/test_access_scope.py); what a view shows of its viewer by name is
added per request, outside the cache.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from threading import Event, Lock
from typing import TypeVar

from onetext.service.actors import Actor
from onetext.service.audit import record_generation
from onetext.store.unit_of_work import UnitOfWork

__all__ = ["ViewCache", "cached_view"]

T = TypeVar("T")


@dataclass
class _Pending:
    """A view being computed: later requests for it wait instead of computing it too."""

    done: Event = field(default_factory=Event)
    value: object = None
    ok: bool = False


class ViewCache:
    """A small LRU map shared by a worker's threads. Values are computed outside the
    lock, once per key however many requests ask at the same moment. A capacity of 0
    keeps nothing (every request computes its view)."""

    def __init__(self, capacity: int = 128) -> None:
        self.capacity = capacity
        self._entries: OrderedDict[Hashable, object] = OrderedDict()
        self._pending: dict[Hashable, _Pending] = {}
        self._lock = Lock()
        self.hits = 0
        self.misses = 0

    def fetch(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The value under ``key``, computing and keeping it if absent."""
        if self.capacity <= 0:
            self.misses += 1
            return compute()
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                self.hits += 1
                return self._entries[key]  # type: ignore[return-value]
            pending = self._pending.get(key)
            computing = pending is None
            if pending is None:
                pending = self._pending[key] = _Pending()
                self.misses += 1
        if not computing:
            pending.done.wait(timeout=60)
            if pending.ok:
                with self._lock:
                    self.hits += 1
                return pending.value  # type: ignore[return-value]
            return compute()  # the first request failed: this one reports its own error
        try:
            value = compute()
        except BaseException:
            with self._lock:
                del self._pending[key]
            pending.done.set()
            raise
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.capacity:
                self._entries.popitem(last=False)
            del self._pending[key]
        pending.value, pending.ok = value, True
        pending.done.set()
        return value


def cached_view(
    cache: ViewCache,
    uow: UnitOfWork,
    actor: Actor,
    key: tuple[Hashable, ...],
    compute: Callable[[], T],
) -> T:
    """``compute()`` for viewers of this actor's scope and this request, reused until
    the record changes. ``compute`` must not show the actor's handle: viewers of one
    scope share what it returns."""
    return cache.fetch((actor.scope, record_generation(uow), *key), compute)
