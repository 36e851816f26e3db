"""Command line: the trainer contract's `train` and `predict`, plus `status` for GET /api/tunix/status.

Exit codes: 0 done; 2 bad arguments or run.json (one line on stderr); 78 the tunix backend is not
installed here (one line); 143 stopped by SIGTERM (130 by SIGINT) after saving a checkpoint;
1 anything else (with a traceback).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

EXIT_CONFIG = 2
EXIT_UNAVAILABLE = 78


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m tunix_rt_trainer", description="tunix-rt trainers (docs/trainer-contract.md)"
    )
    p.add_argument("--backend", choices=["jax", "tunix"], default="jax", help="which trainer (default jax)")
    sub = p.add_subparsers(dest="command", required=True)
    t = sub.add_parser("train", help="train from <run-dir>/run.json")
    t.add_argument("--run-dir", required=True, type=Path)
    pr = sub.add_parser("predict", help="greedy predictions for prompts.jsonl")
    pr.add_argument("--run-dir", required=True, type=Path)
    pr.add_argument("--checkpoint", required=True, help="checkpoints/<step>, model/, or 'init' (the untrained model)")
    pr.add_argument("--input", required=True, type=Path, help='JSONL of {"id", "prompt"}')
    pr.add_argument("--output", required=True, type=Path, help='JSONL of {"id", "prediction"} (written atomically)')
    pr.add_argument("--max-new-tokens", type=int, default=None, help="default 256 (jax, byte tokens) / 512 (tunix)")
    pr.add_argument("--batch-size", type=int, default=16)
    pr.add_argument(
        "--progress",
        action="store_true",
        help="append predict/items_done points to <run-dir>/metrics.jsonl (the worker shows them live); "
        "also on when TUNIX_RT_PREDICT_PROGRESS=1",
    )
    sub.add_parser("status", help='print {"backends": {...}} as JSON')
    return p


def _progress(args) -> bool:
    # The worker asks through the environment, so a trainer that predates the flag is not broken by it.
    return bool(args.progress) or os.environ.get("TUNIX_RT_PREDICT_PROGRESS") == "1"


def _fail(code: int, message: str) -> int:
    print(message, file=sys.stderr, flush=True)
    return code


def status() -> dict:
    from importlib import metadata

    backends = {}
    try:
        import jax

        backends["jax"] = {
            "available": True,
            "version": jax.__version__,
            "devices": [f"{d.platform}:{d.id}" for d in jax.devices()],
            "models": ["micro", "tiny", "small", "base"],
        }
    except Exception as e:  # noqa: BLE001 - any import failure means unavailable
        backends["jax"] = {"available": False, "version": None, "reason": f"{type(e).__name__}: {e}"}
    from tunix_rt_trainer.tunix_backend import probe

    backends["tunix"] = probe()
    try:
        own = metadata.version("tunix-rt-trainer")
    except metadata.PackageNotFoundError:
        from tunix_rt_trainer import __version__ as own
    return {"trainer_version": own, "python": sys.version.split()[0], "backends": backends}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "status":
        print(json.dumps(status()), flush=True)
        return 0

    from tunix_rt_trainer.config import ConfigError
    from tunix_rt_trainer.examples import DataError
    from tunix_rt_trainer.signals import StopFlag

    stop = StopFlag().install()  # before the heavy imports, so an early SIGTERM is not lost
    run_dir = args.run_dir.resolve()
    if not run_dir.is_dir():
        return _fail(EXIT_CONFIG, f"config error: run directory {run_dir} does not exist")
    os.environ.setdefault("TUNIX_RT_RUN_DIR", str(run_dir))
    try:
        if args.backend == "tunix":
            from tunix_rt_trainer.tunix_backend import TunixUnavailable, require

            try:
                require()
            except TunixUnavailable as e:
                return _fail(EXIT_UNAVAILABLE, f"tunix backend unavailable: {e}")
            if args.command == "train":
                from tunix_rt_trainer.config import load_run_config
                from tunix_rt_trainer.tunix_backend.train import train

                return train(load_run_config(run_dir), stop)
            from tunix_rt_trainer.examples import read_prompts
            from tunix_rt_trainer.tunix_backend.predict import predict

            return predict(
                run_dir,
                args.checkpoint,
                read_prompts(args.input),
                args.output,
                max_new_tokens=args.max_new_tokens or 512,
                batch_size=args.batch_size,
                progress_file=run_dir / "metrics.jsonl" if _progress(args) else None,
            )
        if args.command == "train":
            from tunix_rt_trainer.config import load_run_config
            from tunix_rt_trainer.jax_backend.train import train

            return train(load_run_config(run_dir), stop)
        from tunix_rt_trainer.examples import read_prompts
        from tunix_rt_trainer.jax_backend.predict import predict

        return predict(
            run_dir,
            args.checkpoint,
            read_prompts(args.input),
            args.output,
            max_new_tokens=args.max_new_tokens or 256,
            batch_size=args.batch_size,
            progress_file=run_dir / "metrics.jsonl" if _progress(args) else None,
        )
    except (ConfigError, DataError, FileNotFoundError) as e:
        return _fail(EXIT_CONFIG, f"config error: {e}")
