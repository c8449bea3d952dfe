"""Group commit: the finished checks of many threads of one process written by one transaction.

A sweep's cost is not its requests (they wait on the network, with the GIL released) but the Python and database
work of recording each check: a transaction, a row lock, an insert, an update, a few ORM queries
(docs/benchmarks.md, the link-check sweep). With N threads checking at once, the checks that finish while one
thread writes wait for it and are then written together, by one of them, in one transaction.

Leader and followers, no thread of its own: a thread that submits while nobody writes becomes the leader and
writes everything queued (its own item first); threads that submit meanwhile wait. When the leader is done, the
oldest waiting thread leads the next batch. Under light load every batch holds one item and nothing waits; under
load the batches grow by themselves, with no timer.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


class _Slot(Generic[Item, Result]):
    __slots__ = ("error", "item", "leads", "ready", "result")

    def __init__(self, item: Item) -> None:
        self.item = item
        self.result: Result | None = None
        self.error: BaseException | None = None
        self.ready = threading.Event()
        self.leads = False  # woken to write the next batch, not with its result


class GroupCommit(Generic[Item, Result]):
    """Calls `write_batch(items) -> results` (one result per item, in order) for items submitted by many threads.

    `submit(item)` returns the item's result once its batch is written, or raises what `write_batch` raised for
    that batch (every item of a failed batch gets the same exception, so each caller can retry on its own).
    `max_batch` bounds one transaction's size (and so how long it holds its row locks).
    """

    def __init__(self, write_batch: Callable[[Sequence[Item]], Sequence[Result]], *, max_batch: int = 100) -> None:
        if max_batch < 1:
            raise ValueError("max_batch must be at least 1")
        self._write_batch = write_batch
        self._max_batch = max_batch
        self._lock = threading.Lock()
        self._waiting: list[_Slot] = []
        self._writing = False
        # Counters for tests and benchmarks (bounded: a worker lives for weeks).
        self.batches_written = 0
        self.items_written = 0
        self.largest_batch = 0

    def submit(self, item: Item) -> Result:
        slot: _Slot = _Slot(item)
        with self._lock:
            self._waiting.append(slot)
            leads = not self._writing
            self._writing = True
        if not leads:
            slot.ready.wait()
            leads = slot.leads
        if leads:
            self._lead()
        if slot.error is not None:
            raise slot.error
        return slot.result  # type: ignore[return-value]

    def _lead(self) -> None:
        """Write the oldest waiting items (the leader's own is first), then hand over or stand down."""
        with self._lock:
            batch, self._waiting = self._waiting[: self._max_batch], self._waiting[self._max_batch :]
        try:
            results = self._write_batch([slot.item for slot in batch])
            if len(results) != len(batch):
                raise RuntimeError(f"write_batch returned {len(results)} results for {len(batch)} items")
            for slot, result in zip(batch, results, strict=True):
                slot.result = result
        except BaseException as exc:
            for slot in batch:
                slot.error = exc
        finally:
            with self._lock:
                self.batches_written += 1
                self.items_written += len(batch)
                self.largest_batch = max(self.largest_batch, len(batch))
                following = self._waiting[0] if self._waiting else None
                if following is None:
                    self._writing = False
                else:
                    following.leads = True
            for slot in batch:
                slot.ready.set()
            if following is not None:
                following.ready.set()
