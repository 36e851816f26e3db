"""Reading the worker's rendered data and turning records into token/loss-mask pairs.

Each record is {"id", "prompt", "completion"}: the prompt (user turn + "<start_of_turn>model\\n") is
masked, the completion (response + "<end_of_turn>") is trained on. A sequence is
[<bos>] + prompt + completion; its loss mask is 1 exactly on the completion's tokens, like Tunix's
`input_mask` (the loss at position t predicts token t+1 and counts when mask[t+1] is 1).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import numpy as np


class DataError(ValueError):
    """A data file the trainer was given cannot be used (not JSON, missing fields)."""


@dataclasses.dataclass
class Example:
    id: str
    tokens: np.ndarray  # int32 [n]
    mask: np.ndarray  # int32 [n], 1 on completion tokens

    def __len__(self) -> int:
        return len(self.tokens)


@dataclasses.dataclass
class LoadStats:
    records: int = 0
    kept: int = 0
    truncated: int = 0
    dropped: int = 0
    max_len: int = 0
    tokens: int = 0

    def describe(self) -> str:
        return (
            f"{self.kept}/{self.records} examples, {self.tokens} tokens (longest {self.max_len}); "
            f"{self.truncated} truncated, {self.dropped} dropped"
        )


def read_jsonl(path: str | Path) -> Iterator[dict]:
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as e:
                raise DataError(f"{path}:{n}: not JSON ({e.msg})") from None


def build_example(
    prompt_ids: Sequence[int],
    completion_ids: Sequence[int],
    *,
    bos_id: int | None,
    max_len: int,
    overlength: str = "truncate",
) -> tuple[np.ndarray, np.ndarray, str] | None:
    """Concatenates [bos] + prompt + completion with its loss mask. Over max_len: "truncate" cuts the
    completion's end (the prompt is kept whole), "drop" (Tunix's behaviour) returns None. Also None
    when not one completion token fits. The third value is "ok" or "truncated"."""
    head = ([bos_id] if bos_id is not None else []) + list(prompt_ids)
    total = len(head) + len(completion_ids)
    status = "ok"
    if total > max_len:
        if overlength == "drop" or len(head) >= max_len:
            return None
        completion_ids = list(completion_ids)[: max_len - len(head)]
        status = "truncated"
    if not len(completion_ids):
        return None
    tokens = np.asarray(head + list(completion_ids), dtype=np.int32)
    mask = np.concatenate([np.zeros(len(head), np.int32), np.ones(len(completion_ids), np.int32)])
    return tokens, mask, status


def load_examples(
    path: str | Path,
    encode: Callable[[str], list[int]],
    *,
    bos_id: int | None,
    max_len: int,
    overlength: str = "truncate",
) -> tuple[list[Example], LoadStats]:
    stats = LoadStats()
    out: list[Example] = []
    for i, rec in enumerate(read_jsonl(path)):
        stats.records += 1
        if "prompt" not in rec or "completion" not in rec:
            raise DataError(f"{path}: record {i + 1} lacks prompt/completion")
        built = build_example(
            encode(rec["prompt"]), encode(rec["completion"]), bos_id=bos_id, max_len=max_len, overlength=overlength
        )
        if built is None:
            stats.dropped += 1
            continue
        tokens, mask, status = built
        stats.truncated += status == "truncated"
        stats.kept += 1
        stats.tokens += len(tokens)
        stats.max_len = max(stats.max_len, len(tokens))
        out.append(Example(str(rec.get("id", i)), tokens, mask))
    return out, stats


def read_prompts(path: str | Path) -> list[tuple[str, str]]:
    """Predict-mode input: (id, prompt) pairs; the line number stands in for a missing id."""
    out = []
    for i, rec in enumerate(read_jsonl(path)):
        if "prompt" not in rec:
            raise DataError(f"{path}: record {i + 1} has no prompt")
        out.append((str(rec.get("id", i)), rec["prompt"]))
    return out
