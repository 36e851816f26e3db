"""Deterministic batches: shuffled per epoch from the seed, grouped by length so little is padding,
padded to a small set of bucket lengths (one compiled step per bucket), optionally packed (several
examples per row, kept apart by segment ids). Batches have a fixed row count; a short last batch is
filled with empty rows, so the step never recompiles for it."""

from __future__ import annotations

import dataclasses
import queue
import threading
from collections.abc import Iterable, Iterator, Sequence

import numpy as np

from tunix_rt_trainer.examples import Example

SORT_CHUNK_BATCHES = 32  # lengths are sorted within windows of this many batches, then batches shuffled


def bucket_lengths(max_len: int, smallest: int = 32) -> list[int]:
    out, b = [], smallest
    while b < max_len:
        out.append(b)
        b *= 2
    out.append(max_len)
    return out


def bucket_for(n: int, buckets: Sequence[int]) -> int:
    for b in buckets:
        if n <= b:
            return b
    raise ValueError(f"length {n} exceeds the largest bucket {buckets[-1]}")


@dataclasses.dataclass
class Batch:
    tokens: np.ndarray  # int32 [B, L]
    mask: np.ndarray  # int32 [B, L] loss mask (1 on completion tokens)
    segments: np.ndarray  # int32 [B, L] 0 = padding, 1.. = example within the row
    positions: np.ndarray  # int32 [B, L] position within its example
    n_tokens: int  # real (non-padding) tokens
    n_targets: int  # tokens the loss counts

    def arrays(self) -> dict[str, np.ndarray]:
        return {"tokens": self.tokens, "mask": self.mask, "segments": self.segments, "positions": self.positions}


def make_batch(rows: Sequence[Sequence[Example]], batch_size: int, buckets: Sequence[int], pad_id: int) -> Batch:
    """rows: up to batch_size rows, each one or more examples laid end to end."""
    longest = max((sum(len(e) for e in row) for row in rows), default=1)
    length = bucket_for(longest, buckets)
    shape = (batch_size, length)
    tokens = np.full(shape, pad_id, np.int32)
    mask = np.zeros(shape, np.int32)
    segments = np.zeros(shape, np.int32)
    positions = np.zeros(shape, np.int32)
    n_targets = 0
    for r, row in enumerate(rows):
        at = 0
        for s, ex in enumerate(row, 1):
            n = len(ex)
            tokens[r, at : at + n] = ex.tokens
            mask[r, at : at + n] = ex.mask
            segments[r, at : at + n] = s
            positions[r, at : at + n] = np.arange(n)
            n_targets += int(ex.mask[1:].sum())  # the first token is never a target
            at += n
    return Batch(tokens, mask, segments, positions, int((segments > 0).sum()), n_targets)


class EpochPlanner:
    """Which examples form which row of which batch, epoch by epoch; a pure function of the seed."""

    def __init__(self, lengths: Sequence[int], batch_size: int, seed: int, *, pack_length: int | None = None):
        if not len(lengths):
            raise ValueError("no training examples")
        self.lengths = np.asarray(lengths)
        self.batch_size = batch_size
        self.seed = seed
        self.pack_length = pack_length
        self._plans: dict[int, list[list[list[int]]]] = {}

    def plan(self, epoch: int) -> list[list[list[int]]]:
        if epoch not in self._plans:
            self._plans = {k: v for k, v in self._plans.items() if k >= epoch - 1}  # keep memory flat
            self._plans[epoch] = self._make(epoch)
        return self._plans[epoch]

    def steps_in(self, epoch: int) -> int:
        return len(self.plan(epoch))

    def _make(self, epoch: int) -> list[list[list[int]]]:
        rng = np.random.default_rng([self.seed, epoch])
        order = rng.permutation(len(self.lengths))
        if self.pack_length:
            rows, row, used = [], [], 0
            for i in order.tolist():
                n = int(self.lengths[i])
                if row and used + n > self.pack_length:
                    rows.append(row)
                    row, used = [], 0
                row.append(i)
                used += n
            if row:
                rows.append(row)
        else:
            window = self.batch_size * SORT_CHUNK_BATCHES
            rows = []
            for start in range(0, len(order), window):
                chunk = order[start : start + window]
                chunk = chunk[np.argsort(self.lengths[chunk], kind="stable")]
                rows.extend([int(i)] for i in chunk)
        batches = [rows[i : i + self.batch_size] for i in range(0, len(rows), self.batch_size)]
        perm = rng.permutation(len(batches))
        return [batches[i] for i in perm]

    def locate(self, step: int) -> tuple[int, int]:
        """Global step (0-based) -> (epoch, index within that epoch)."""
        epoch = 0
        while step >= self.steps_in(epoch):
            step -= self.steps_in(epoch)
            epoch += 1
        return epoch, step

    def total_steps(self, num_epochs: int) -> int:
        return sum(self.steps_in(e) for e in range(num_epochs))


def iterate_batches(
    examples: Sequence[Example], planner: EpochPlanner, buckets: Sequence[int], pad_id: int, start_step: int
) -> Iterator[tuple[int, Batch]]:
    """(step, batch) from start_step on, forever; resuming at step k gives what an uninterrupted run saw."""
    epoch, index = planner.locate(start_step)
    step = start_step
    while True:
        plan = planner.plan(epoch)
        for rows in plan[index:]:
            yield step, make_batch([[examples[i] for i in row] for row in rows], planner.batch_size, buckets, pad_id)
            step += 1
        epoch, index = epoch + 1, 0


def eval_batches(examples: Sequence[Example], batch_size: int, buckets: Sequence[int], pad_id: int) -> list[Batch]:
    """Validation batches: sorted by length (least padding), one example per row."""
    order = sorted(range(len(examples)), key=lambda i: len(examples[i]))
    return [
        make_batch([[examples[i]] for i in order[s : s + batch_size]], batch_size, buckets, pad_id)
        for s in range(0, len(order), batch_size)
    ]


_DONE = object()


def prefetch(items: Iterable, size: int = 2) -> Iterator:
    """Produces items on a background thread, `size` ahead of the consumer; errors re-raised in order."""
    q: queue.Queue = queue.Queue(maxsize=size)
    stop = threading.Event()

    def run():
        try:
            for item in items:
                while not stop.is_set():
                    try:
                        q.put(item, timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            q.put(_DONE)
        except BaseException as e:  # handed to the consumer
            q.put(e)

    t = threading.Thread(target=run, daemon=True, name="batch-prefetch")
    t.start()
    try:
        while True:
            item = q.get()
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
