"""Training tokens/s through the tunix backend against a bare Tunix `PeftTrainer` loop, on the same
model, batches and optimizer, alternating in one run (so the machine's state hits both alike).

  python -m tunix_rt_trainer.tunix_backend.throughput [--model gemma3-1b] [--batch-size 8] [--seq 512]
      [--steps 30] [--rounds 2] [--dtype bfloat16] [--lora]

`--model` is a Gemma name (random weights of Tunix's ModelConfig: nothing to download) or
`tiny-gemma3`. Every example is exactly `--seq` tokens, so no padding differs between the two.
Both sides time the same window: from the trainer pulling its 2nd batch to pulling batch
2 + `--steps` (step 1, mostly compilation, is left out), as the backend's own tokens/s report does.
Prints one JSON line per measurement, then a summary with ours / bare.
Needs Tunix (node scripts/setup-python.mjs --with-tunix).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def write_run(run_dir: Path, a) -> Path:
    """A run directory as the worker writes it; examples longer than --seq, truncated to it."""
    (run_dir / "data").mkdir(parents=True, exist_ok=True)
    (run_dir / "checkpoints").mkdir(exist_ok=True)
    n = a.batch_size * (a.steps + 2)
    with open(run_dir / "data" / "train.jsonl", "w", encoding="utf-8") as f:
        for i in range(n):
            body = " ".join(f"{i * 7919 + k}" for k in range(a.seq))[: 2 * a.seq]
            prompt = f"<start_of_turn>user\nCount on: {body[: a.seq // 8]}<end_of_turn>\n<start_of_turn>model\n"
            f.write(json.dumps({"id": f"x{i}", "prompt": prompt, "completion": body + "<end_of_turn>"}) + "\n")
    options = {
        "lora": a.lora,
        "dtype": a.dtype,
        "overlength": "truncate",
        "min_bucket": a.seq,
        "log_every_steps": a.steps,
    }
    if a.model != "tiny-gemma3":
        options["init"] = "random"
    run = {
        "run_id": run_dir.name,
        "attempt": 1,
        "trainer": "tunix",
        "model_id": a.model,
        "learning_rate": 1e-5,
        "max_steps": a.steps + 2,
        "batch_size": a.batch_size,
        "max_seq_length": a.seq,
        "warmup_steps": 0,
        "weight_decay": 0.0,
        "seed": 0,
        "eval_every_steps": None,
        "save_every_steps": None,
        "trainer_options": options,
        "data": {"train": "data/train.jsonl", "val": None, "test": None},
        "resume_from_path": None,
        "limits": {"timeout_seconds": None},
    }
    (run_dir / "run.json").write_text(json.dumps(run, indent=2))
    return run_dir


def ours(run_dir: Path) -> float:
    """The backend as the worker runs it; its own tokens/s report (one window: batch 2 to 2 + steps)."""
    r = subprocess.run(
        [sys.executable, "-m", "tunix_rt_trainer", "--backend", "tunix", "train", "--run-dir", str(run_dir)],
        capture_output=True,
        text=True,
    )
    if r.returncode != 0:
        raise SystemExit(f"tunix backend failed ({r.returncode}): {r.stderr[-2000:]}")
    rows = [json.loads(x) for x in (run_dir / "metrics.jsonl").read_text().splitlines()]
    rates = [p["value"] for p in rows if p["name"] == "train/tokens_per_second"]
    if not rates:
        raise SystemExit("the tunix backend reported no train/tokens_per_second")
    return rates[-1]


def bare(run_dir: Path) -> float:
    r = subprocess.run(
        [sys.executable, "-m", "tunix_rt_trainer.tunix_backend.throughput", "--bare-child", str(run_dir)],
        capture_output=True,
        text=True,
    )
    if r.returncode != 0:
        raise SystemExit(f"bare PeftTrainer failed ({r.returncode}): {r.stderr[-2000:]}")
    return float(json.loads(r.stdout.strip().splitlines()[-1])["tokens_per_second"])


def bare_child(run_dir: Path) -> None:
    """Tunix's PeftTrainer as its examples drive it: the same model and batches, no stream, hooks,
    metrics file or checkpoints of ours. Times the backend's window: pulls 2 to 2 + steps."""
    import numpy as np
    import optax

    from tunix_rt_trainer.config import load_run_config
    from tunix_rt_trainer.examples import load_examples
    from tunix_rt_trainer.tunix_backend import require

    require()
    from tunix.sft import peft_trainer, utils

    from tunix_rt_trainer.tunix_backend.models import load_model, make_mesh, mesh_context

    cfg = load_run_config(run_dir)
    mesh = make_mesh(cfg.trainer_options)
    loaded = load_model(cfg, mesh, lambda _m: None)
    pad = loaded.codec.pad
    codec = loaded.codec
    examples, _ = load_examples(cfg.train_path, codec.encode, bos_id=codec.bos, max_len=cfg.max_seq_length)
    b, seq = cfg.batch_size, cfg.max_seq_length
    batches = []
    for k in range(cfg.max_steps):
        rows = examples[k * b : (k + 1) * b]
        tokens = np.full((b, seq), pad, np.int32)
        mask = np.zeros((b, seq), np.int32)
        for i, e in enumerate(rows):
            tokens[i, : len(e.tokens)] = e.tokens
            mask[i, : len(e.mask)] = e.mask
        batches.append(peft_trainer.TrainingInput(input_tokens=tokens, input_mask=mask))
    pulled: list[float] = []

    def stream():
        for batch in batches:
            pulled.append(time.perf_counter())
            yield batch

    def gen_model_input_fn(x):
        not_pad = x.input_tokens != pad
        return {
            "input_tokens": x.input_tokens,
            "input_mask": x.input_mask,
            "positions": utils.build_positions_from_mask(not_pad),
            "attention_mask": utils.make_causal_attn_mask(not_pad),
        }

    # The backend's optimizer exactly (inject_hyperparams makes Tunix log the learning rate each step).
    def make_tx(learning_rate):
        return optax.chain(optax.clip_by_global_norm(1.0), optax.adamw(learning_rate, weight_decay=cfg.weight_decay))

    tx = optax.inject_hyperparams(make_tx)(learning_rate=cfg.learning_rate)
    config = peft_trainer.TrainingConfig(eval_every_n_steps=10**9, max_steps=cfg.max_steps, pbar_description=None)
    with mesh_context(mesh):
        trainer = peft_trainer.PeftTrainer(loaded.model, tx, config).with_gen_model_input_fn(gen_model_input_fn)
        trainer.train(stream(), None)
    steps = cfg.max_steps - 2
    tokens = sum(len(e.tokens) for e in examples[b : (steps + 1) * b])  # the batches pulled 2 … 1 + steps
    print(json.dumps({"tokens_per_second": tokens / (pulled[steps + 1] - pulled[1])}))


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m tunix_rt_trainer.tunix_backend.throughput")
    p.add_argument("--model", default="gemma3-1b")
    p.add_argument("--batch-size", type=int, default=8)
    p.add_argument("--seq", type=int, default=512)
    p.add_argument("--steps", type=int, default=30, help="timed steps")
    p.add_argument("--rounds", type=int, default=2)
    p.add_argument("--dtype", default="bfloat16")
    p.add_argument("--lora", action="store_true")
    p.add_argument("--bare-child", help=argparse.SUPPRESS)
    a = p.parse_args(argv)
    if a.bare_child:
        bare_child(Path(a.bare_child))
        return 0
    import jax

    device = str(jax.devices()[0])
    results: dict[str, list[float]] = {"ours": [], "bare": []}
    with tempfile.TemporaryDirectory(prefix="tunix-throughput-") as tmp:
        for r in range(a.rounds):
            for name, fn in (("ours", ours), ("bare", bare)):
                run_dir = write_run(Path(tmp) / f"{name}-{r}", a)
                tps = fn(run_dir)
                results[name].append(tps)
                print(json.dumps({"name": name, "round": r, "tokens_per_second": round(tps, 1)}), flush=True)
    o, b = statistics.median(results["ours"]), statistics.median(results["bare"])
    summary = {"name": "summary", "model": a.model, "batch_size": a.batch_size, "seq": a.seq, "dtype": a.dtype}
    summary |= {"lora": a.lora, "device": device, "ours_tokens_per_second": round(o, 1)}
    summary |= {"bare_tokens_per_second": round(b, 1), "ours_vs_bare": round(o / b, 3)}
    print(json.dumps(summary), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
