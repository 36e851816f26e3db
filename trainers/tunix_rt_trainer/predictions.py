"""What both backends' `predict` write: predictions.jsonl (atomically, in input order, with each
output's token count and its share of the batch's time) and, when asked, progress points in the
run's metrics.jsonl (`predict/items_done`), which the worker turns into live progress."""

from __future__ import annotations

import json
import time
from pathlib import Path

PROGRESS_METRIC = "predict/items_done"


class Predictions:
    def __init__(self, count: int, output: Path, progress_file: Path | None = None):
        self.texts: list[str | None] = [None] * count
        self.tokens: list[int | None] = [None] * count
        self.latency_ms: list[float | None] = [None] * count
        self.output = output
        self.progress_file = progress_file
        self.done = 0
        self.started = time.time()

    def add_batch(self, rows: list[tuple[int, str, int]], seconds: float) -> None:
        """(index, text, output tokens) of one batch and how long it took; reports progress."""
        share = 1000.0 * seconds / max(len(rows), 1)
        for i, text, n in rows:
            self.texts[i], self.tokens[i], self.latency_ms[i] = text, n, round(share, 3)
        self.done += len(rows)
        if self.progress_file is not None:
            point = {"step": self.done, "name": PROGRESS_METRIC, "value": self.done, "t": time.time()}
            with open(self.progress_file, "a", encoding="utf-8") as f:
                f.write(json.dumps(point) + "\n")

    @property
    def rate(self) -> float:
        return self.done / max(time.time() - self.started, 1e-6)

    def write(self, ids: list[str]) -> None:
        self.output.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.output.with_name(self.output.name + ".tmp")
        with open(tmp, "w", encoding="utf-8") as f:
            for i, pid in enumerate(ids):
                rec = {
                    "id": pid,
                    "prediction": self.texts[i],
                    "output_tokens": self.tokens[i],
                    "latency_ms": self.latency_ms[i],
                }
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")
        tmp.replace(self.output)
