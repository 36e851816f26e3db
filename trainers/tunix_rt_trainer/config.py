"""run.json, as the worker writes it (docs/trainer-contract.md), read into one typed object."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any


class ConfigError(ValueError):
    """run.json is missing something or holds a value the trainer cannot use."""


@dataclasses.dataclass
class RunConfig:
    run_dir: Path
    run_id: str
    model_id: str
    learning_rate: float
    num_epochs: int | None
    max_steps: int | None
    batch_size: int
    max_seq_length: int
    warmup_steps: int
    weight_decay: float
    seed: int
    eval_every_steps: int | None
    save_every_steps: int | None
    trainer_options: dict[str, Any]
    train_path: Path
    val_path: Path | None
    test_path: Path | None
    resume_from_path: Path | None
    raw: dict[str, Any]

    def option(self, name: str, default: Any = None) -> Any:
        v = self.trainer_options.get(name)
        return default if v is None else v

    @property
    def checkpoints_dir(self) -> Path:
        return self.run_dir / "checkpoints"

    @property
    def metrics_path(self) -> Path:
        return self.run_dir / "metrics.jsonl"


def _num(raw: dict, key: str, kind, default, *, minimum=None):
    v = raw.get(key, default)
    if v is None:
        return None
    try:
        v = kind(v)
    except (TypeError, ValueError):
        raise ConfigError(f"run.json: {key} must be a {kind.__name__}, got {raw.get(key)!r}") from None
    if minimum is not None and v < minimum:
        raise ConfigError(f"run.json: {key} must be >= {minimum}, got {v}")
    return v


def _path(run_dir: Path, p: str | None) -> Path | None:
    if not p:
        return None
    q = Path(p)
    return q if q.is_absolute() else run_dir / q


def load_run_config(run_dir: str | Path, *, need_data: bool = True) -> RunConfig:
    """run.json read and checked. `predict` needs no training data (an evaluation run has none)."""
    run_dir = Path(run_dir).resolve()
    path = run_dir / "run.json"
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path} not found") from None
    except json.JSONDecodeError as e:
        raise ConfigError(f"{path}: not JSON ({e.msg})") from None
    data = raw.get("data") or {}
    train = _path(run_dir, data.get("train") or "data/train.jsonl")
    if need_data and (not train or not train.exists()):
        raise ConfigError(f"training data {train} not found")
    opts = raw.get("trainer_options") or {}
    if not isinstance(opts, dict):
        raise ConfigError("run.json: trainer_options must be an object")
    num_epochs = _num(raw, "num_epochs", int, None, minimum=1)
    max_steps = _num(raw, "max_steps", int, None, minimum=1)
    return RunConfig(
        run_dir=run_dir,
        run_id=str(raw.get("run_id") or run_dir.name),
        model_id=str(raw.get("model_id") or "tiny"),
        learning_rate=_num(raw, "learning_rate", float, 1e-3, minimum=0.0),
        num_epochs=num_epochs if num_epochs or max_steps else 1,
        max_steps=max_steps,
        batch_size=_num(raw, "batch_size", int, 8, minimum=1),
        max_seq_length=_num(raw, "max_seq_length", int, 512, minimum=8),
        warmup_steps=_num(raw, "warmup_steps", int, 0, minimum=0),
        weight_decay=_num(raw, "weight_decay", float, 0.0, minimum=0.0),
        seed=_num(raw, "seed", int, 0, minimum=0),
        eval_every_steps=_num(raw, "eval_every_steps", int, None, minimum=1),
        save_every_steps=_num(raw, "save_every_steps", int, None, minimum=1),
        trainer_options=opts,
        train_path=train,
        val_path=_existing(_path(run_dir, data.get("val"))),
        test_path=_existing(_path(run_dir, data.get("test"))),
        resume_from_path=_path(run_dir, raw.get("resume_from_path")),
        raw=raw,
    )


def _existing(p: Path | None) -> Path | None:
    return p if p is not None and p.exists() and p.stat().st_size > 0 else None
