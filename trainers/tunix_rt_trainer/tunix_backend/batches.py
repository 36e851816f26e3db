"""Batches for Tunix's PeftTrainer, with no Tunix import.

PeftTrainer's default loss takes `input_tokens` [B, L] and `input_mask` [B, L] (the loss mask: 1 on
completion tokens; it scores position t+1 where input_mask[t+1] is 1) plus positions and a causal
attention mask derived from `tokens != pad`. Batches come from the same deterministic planner as the
jax backend (length-grouped, bucket-padded, fixed row count) without packing, which the default loss
does not understand.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence

import numpy as np

from tunix_rt_trainer.batching import Batch, EpochPlanner, eval_batches, iterate_batches
from tunix_rt_trainer.examples import Example

SKIPPED = "skipped batch"  # a placeholder PeftTrainer never reads (it must not be None: None ends training)


def tunix_arrays(batch: Batch) -> dict[str, np.ndarray]:
    return {"input_tokens": batch.tokens, "input_mask": batch.mask}


def model_inputs(input_tokens, input_mask, pad_id: int, xp=np) -> dict:
    """The loss function's kwargs, as Tunix's standard gen_model_input_fn builds them: positions count
    non-pad tokens (0-based), attention is causal over non-pad keys. `xp` is numpy or jax.numpy."""
    not_pad = input_tokens != pad_id
    positions = xp.maximum(xp.cumsum(not_pad.astype(xp.int32), axis=-1) - 1, 0)
    length = input_tokens.shape[-1]
    causal = xp.tril(xp.ones((length, length), dtype=bool))
    attention_mask = causal[None, :, :] & not_pad[:, None, :]
    return {
        "input_tokens": input_tokens,
        "input_mask": input_mask,
        "positions": positions,
        "attention_mask": attention_mask,
    }


class TrainStream:
    """The train iterable handed to PeftTrainer: deterministic batches from step 0 (when it resumes,
    PeftTrainer skips the `skip` it already trained on: placeholders stand in for them), ending early
    when `should_stop()` turns true (a SIGTERM: PeftTrainer then leaves its loop and saves a final
    checkpoint), and reporting tokens per second every `report_every` optimizer steps via
    `report(step, v)`. With gradient accumulation one step takes `accum` batches; `step` counts
    optimizer steps, like Tunix's own train/* points. Time passed to `exclude()` (evaluation, which
    PeftTrainer runs between two batches) is kept out of the rate."""

    def __init__(
        self,
        examples: Sequence[Example],
        planner: EpochPlanner,
        buckets: Sequence[int],
        pad_id: int,
        wrap: Callable[[dict], object],
        *,
        should_stop: Callable[[], bool] = lambda: False,
        report: Callable[[int, float], None] | None = None,
        report_every: int = 10,
        skip: int = 0,
        accum: int = 1,
    ):
        self.examples, self.planner, self.buckets, self.pad_id = examples, planner, buckets, pad_id
        self.wrap, self.should_stop, self.report = wrap, should_stop, report
        self.accum = max(1, int(accum))
        self.report_every = max(1, report_every) * self.accum  # in batches
        self.skip = skip  # batches PeftTrainer will skip on resume: not counted as throughput
        self.yielded = 0
        self._excluded = 0.0  # seconds of the current window spent outside training steps

    def exclude(self, seconds: float) -> None:
        self._excluded += seconds

    def __iter__(self) -> Iterator:
        for _ in range(self.skip):  # PeftTrainer discards these unread; don't build them
            self.yielded += 1
            yield SKIPPED
        window_tokens, window_start = 0, 0.0
        for step, batch in iterate_batches(self.examples, self.planner, self.buckets, self.pad_id, self.skip):
            if self.should_stop():
                return
            self.yielded += 1
            j = self.yielded - self.skip  # 1-based among trained batches; `step` steps were dispatched
            if j >= 2:  # the window opens after step 1, whose time is mostly compilation
                now = time.perf_counter()
                if j == 2:
                    window_tokens, window_start, self._excluded = 0, now, 0.0
                elif self.report and (j - 2) % self.report_every == 0:
                    # With Tunix's bounded in-flight queue, dispatch keeps pace with the device.
                    elapsed = now - window_start - self._excluded
                    if elapsed > 0:
                        self.report(step // self.accum, window_tokens / elapsed)
                    window_tokens, window_start, self._excluded = 0, now, 0.0
                window_tokens += batch.n_tokens
            yield self.wrap(tunix_arrays(batch))


def eval_list(examples: Sequence[Example], batch_size: int, buckets: Sequence[int], pad_id: int, wrap) -> list:
    """PeftTrainer re-iterates the eval set on every evaluation: a list, not a generator."""
    return [wrap(tunix_arrays(b)) for b in eval_batches(examples, batch_size, buckets, pad_id)]
