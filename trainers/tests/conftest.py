"""Shared helpers: tiny run directories in the worker's layout and a way to run the CLI as the worker does."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

TRAINERS = Path(__file__).resolve().parents[1]
if str(TRAINERS) not in sys.path:
    sys.path.insert(0, str(TRAINERS))

# Tests run tiny models for a few steps: compiling is most of their time, running almost none, so
# XLA's slower optimisation passes are switched off (set before anything imports jax).
FAST_COMPILE = "--xla_backend_optimization_level=0 --xla_llvm_disable_expensive_passes=true"
os.environ.setdefault("XLA_FLAGS", FAST_COMPILE)
os.environ.setdefault("JAX_PLATFORMS", "cpu")


def record(i: int, a: int, b: int) -> dict:
    return {
        "id": f"ex-{i}",
        "prompt": f"<start_of_turn>user\nWhat is {a} + {b}?<end_of_turn>\n<start_of_turn>model\n",
        "completion": f"Answer: {a + b}<end_of_turn>",
    }


def write_run(run_dir: Path, *, n_train: int = 40, n_val: int = 8, **overrides) -> Path:
    """A run directory like the worker's prepareRunDir makes, for the `micro` model."""
    (run_dir / "data").mkdir(parents=True, exist_ok=True)
    (run_dir / "checkpoints").mkdir(exist_ok=True)
    rows = [record(i, (i * 7) % 10, (i * 3) % 10) for i in range(n_train + n_val)]
    with open(run_dir / "data" / "train.jsonl", "w") as f:
        f.writelines(json.dumps(r) + "\n" for r in rows[:n_train])
    with open(run_dir / "data" / "val.jsonl", "w") as f:
        f.writelines(json.dumps(r) + "\n" for r in rows[n_train:])
    run = {
        "run_id": run_dir.name,
        "attempt": 1,
        "trainer": "jax",
        "model_id": "micro",
        "learning_rate": 3e-3,
        "max_steps": 6,
        "batch_size": 4,
        "max_seq_length": 96,
        "warmup_steps": 2,
        "weight_decay": 0.01,
        "seed": 3,
        "eval_every_steps": 3,
        "save_every_steps": 3,
        "trainer_options": {"log_every_steps": 3},
        "data": {"train": "data/train.jsonl", "val": "data/val.jsonl" if n_val else None, "test": None},
        "resume_from_path": None,
        "limits": {"timeout_seconds": None},
    }
    run.update(overrides)
    (run_dir / "run.json").write_text(json.dumps(run, indent=2))
    return run_dir


_JAX_CACHE: dict[str, str] = {}


@pytest.fixture(scope="session", autouse=True)
def jax_compilation_cache(tmp_path_factory):
    """One persistent XLA compilation cache for every trainer process of the session: the same
    shapes compile once, which is most of a tiny run's time on a CPU."""
    _JAX_CACHE["dir"] = str(tmp_path_factory.mktemp("jax-cache"))
    yield


def trainer_env() -> dict:
    """The worker's clean environment (docs/trainer-contract.md), plus the session's compilation cache."""
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR")}
    env.update(PYTHONUNBUFFERED="1", PYTHONPATH=str(TRAINERS), JAX_PLATFORMS="cpu", XLA_FLAGS=FAST_COMPILE)
    if "dir" in _JAX_CACHE:
        env.update(
            JAX_COMPILATION_CACHE_DIR=_JAX_CACHE["dir"],
            JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS="0",
            JAX_PERSISTENT_CACHE_MIN_ENTRY_SIZE_BYTES="0",
        )
    return env


def cli(
    run_dir: Path, *args: str, backend: str = "jax", timeout: float = 120, env: dict | None = None
) -> subprocess.CompletedProcess:
    """Runs `python -m tunix_rt_trainer --backend B <args>` with cwd = the run dir, as the worker does."""
    return subprocess.run(
        [sys.executable, "-m", "tunix_rt_trainer", "--backend", backend, *args],
        cwd=run_dir,
        env={**trainer_env(), **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def metrics(run_dir: Path) -> list[dict]:
    path = run_dir / "metrics.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


@pytest.fixture
def run_dir(tmp_path: Path) -> Path:
    return write_run(tmp_path / "run-a")


def fake_tunix(root: Path, modules: dict[str, str] | None = None) -> Path:
    """A stand-in `tunix` package under root with every module the backend imports (empty unless
    `modules` gives a body), for checking the import guard without Tunix's weight."""
    from tunix_rt_trainer.tunix_backend import IMPORTED

    bodies = {name: "" for name in IMPORTED} | (modules or {})
    for name, body in bodies.items():
        parts = name.split(".")
        for i in range(1, len(parts)):
            pkg = root.joinpath(*parts[:i])
            pkg.mkdir(parents=True, exist_ok=True)
            init = pkg / "__init__.py"
            if not init.exists():
                init.write_text(bodies.get(".".join(parts[:i]), ""))
        root.joinpath(*parts[:-1], parts[-1] + ".py").write_text(body)
    return root
