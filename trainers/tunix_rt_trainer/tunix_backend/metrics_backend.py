"""A metrax-style logging backend that writes Tunix's metrics to metrics.jsonl, with no Tunix import.

Tunix's MetricsLogger calls `jax.monitoring.record_scalar("/train/loss", value, step=…)`; backends
get `log_scalar(event, value, step=…)`. jax.monitoring listeners are process-global, so only
train/* and eval/* events are kept. Points are buffered and written at most every `flush_s` seconds
(and on close) so logging never stalls the training loop.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np

from tunix_rt_trainer.metrics import MetricsWriter


def written_evals(path: Path) -> set[tuple[int, str]]:
    """(step, name) of the eval points already in metrics.jsonl (a resumed run appends to it)."""
    seen: set[tuple[int, str]] = set()
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                try:
                    p = json.loads(line)
                except ValueError:
                    continue
                if str(p.get("name", "")).startswith("eval/"):
                    seen.add((int(p.get("step", -1)), p["name"]))
    except OSError:
        pass
    return seen


class JsonlBackend:
    """`echo(line)` gets a progress line for train/loss every `echo_every` steps and every eval/loss.

    PeftTrainer evaluates when train() starts, so a run resumed at step k evaluates step k again:
    eval points already in the file (`skip`) are not written twice."""

    def __init__(
        self,
        writer: MetricsWriter,
        flush_s: float = 1.0,
        echo_every: int = 0,
        echo=None,
        skip: set[tuple[int, str]] | None = None,
    ):
        self.writer = writer
        self.flush_s = flush_s
        self.echo_every, self.echo = echo_every, echo
        self.skip = skip or set()
        self._last_flush = time.monotonic()

    def log_scalar(self, event: str, value, **kwargs) -> None:
        name = event.lstrip("/")
        if not name.startswith(("train/", "eval/")):
            return
        step = int(kwargs.get("step") or 0)
        if (step, name) in self.skip:
            return
        value = float(np.asarray(value))
        self.writer.add(step, name, value)
        if self.echo and (
            name == "eval/loss" or (name == "train/loss" and self.echo_every and step % self.echo_every == 0)
        ):
            self.echo(f"{'eval ' if name == 'eval/loss' else ''}step {step}: {name} {value:.4f}")
        now = time.monotonic()
        if now - self._last_flush >= self.flush_s:
            self.writer.flush()
            self._last_flush = now

    def close(self) -> None:
        self.writer.flush()
