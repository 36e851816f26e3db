"""metrics.jsonl writer: one {"step", "name", "value", "t"} point per line (the trainer contract).

Lines are buffered and written by the caller's flush() (the training loop flushes once per log
window and at the end), so the step loop never waits on the file. JSON has no NaN or Infinity, so
non-finite values are skipped and counted (the loop reports them in the log).
"""

from __future__ import annotations

import json
import math
import os
import threading
import time
from pathlib import Path


class MetricsWriter:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._buf: list[str] = []
        self._lock = threading.Lock()
        self.skipped_non_finite = 0

    def add(self, step: int, name: str, value: float, t: float | None = None) -> None:
        value = float(value)
        if not math.isfinite(value):
            self.skipped_non_finite += 1
            return
        line = json.dumps({"step": int(step), "name": name, "value": value, "t": round(t or time.time(), 3)})
        with self._lock:
            self._buf.append(line)

    def add_many(self, step: int, values: dict[str, float], t: float | None = None) -> None:
        t = t or time.time()
        for name, value in values.items():
            self.add(step, name, value, t)

    def flush(self) -> None:
        with self._lock:
            lines, self._buf = self._buf, []
        if not lines:
            return
        # One write of whole lines in append mode, so a concurrent tail never sees half a point.
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, ("\n".join(lines) + "\n").encode())
        finally:
            os.close(fd)

    close = flush
