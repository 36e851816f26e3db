"""Reproducible arithmetic runs without the server: docs/trainers.md ("Real training on a CPU").

  python -m tunix_rt_trainer.demo arithmetic-run DIR [--difficulty 1] [--model tiny] [--max-steps N] …
      writes DIR/run.json and DIR/data/{train,val,test}.jsonl in the worker's layout, plus
      DIR/prompts-test.jsonl (the held-out prompts). Problems are unique and the three splits are
      disjoint, so test accuracy is on problems the model never saw.
  python -m tunix_rt_trainer.demo score DIR/data/test.jsonl PREDICTIONS.jsonl
      exact match of the final answer ("Answer: X", or <answer>X</answer>) with its 95% Wilson
      interval, overall and by the problem's operators, as JSON.
  python -m tunix_rt_trainer.demo bench [--model tiny] [--batch-size 32] [--seq 104] [--steps 20]
      tokens/s of the jax backend's jitted train step on one synthetic batch, as JSON.

The traces are the arithmetic generator's, byte for byte (tunix_rt_trainer.arithmetic mirrors
packages/services): trace k is `tunix-rt generate arithmetic --seed SEED` trace k, with the same
--difficulty, --digits and --steps, rendered as the worker renders a dataset (numbered or tagged).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

from tunix_rt_trainer.arithmetic import render_gemma, trace


def arithmetic_run(args) -> int:
    difficulty = args.difficulty if args.difficulty == "mixed" else int(args.difficulty)
    seen, rows = set(), []
    for index in range(args.attempts):
        t = trace(args.seed, index, difficulty, digits=args.digits, steps=args.steps)
        if t["prompt"] in seen:
            continue
        seen.add(t["prompt"])
        rows.append(render_gemma(t, args.style))
    random.Random(args.seed).shuffle(rows)
    n_test, n_val = args.test, args.val
    splits = {"test": rows[:n_test], "val": rows[n_test : n_test + n_val], "train": rows[n_test + n_val :]}
    if args.train and len(splits["train"]) > args.train:
        splits["train"] = splits["train"][: args.train]
    out = Path(args.dir)
    (out / "data").mkdir(parents=True, exist_ok=True)
    (out / "checkpoints").mkdir(exist_ok=True)
    for name, items in splits.items():
        with open(out / "data" / f"{name}.jsonl", "w", encoding="utf-8") as f:
            for i, r in enumerate(items):
                f.write(json.dumps({"id": f"{name}-{i}", "prompt": r["prompt"], "completion": r["completion"]}) + "\n")
    with open(out / "prompts-test.jsonl", "w", encoding="utf-8") as f:
        for i, r in enumerate(splits["test"]):
            f.write(json.dumps({"id": f"test-{i}", "prompt": r["prompt"]}) + "\n")
    run = {
        "run_id": out.name,
        "attempt": 1,
        "trainer": "jax",
        "model_id": args.model,
        "learning_rate": args.lr,
        "max_steps": args.max_steps,
        "batch_size": args.batch_size,
        "max_seq_length": args.max_seq_length,
        "warmup_steps": args.warmup,
        "weight_decay": args.weight_decay,
        "seed": args.seed,
        "eval_every_steps": args.eval_every,
        "save_every_steps": args.save_every,
        "trainer_options": json.loads(args.options),
        "response_style": args.style,
        "data": {
            "train": "data/train.jsonl",
            "val": "data/val.jsonl",
            "test": "data/test.jsonl",
            "counts": {k: len(v) for k, v in splits.items()},
        },
        "resume_from_path": None,
        "limits": {"timeout_seconds": None},
    }
    (out / "run.json").write_text(json.dumps(run, indent=2) + "\n")
    print(json.dumps({"dir": str(out), "unique_problems": len(rows), **{k: len(v) for k, v in splits.items()}}))
    return 0


ANSWER = re.compile(r"(?:Answer:\s*|<answer>\s*)(-?\d+)")


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """95% Wilson score interval of a proportion k/n: sound near 0 and 1 and for small n."""
    if n == 0:
        return 0.0, 1.0
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * ((p * (1 - p) / n + z * z / (4 * n * n)) ** 0.5) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def final_answer(text: str) -> str | None:
    found = ANSWER.findall(text)
    return found[-1] if found else None


OPERATORS = re.compile(r" ([-+*]) ")


def score(args) -> int:
    expected, kinds = {}, {}
    for line in Path(args.reference).read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        expected[r["id"]] = final_answer(r["completion"])
        # The problem's operators in order ("+", "-*", …): how each kind of problem fares.
        kinds[r["id"]] = "".join(OPERATORS.findall(r["prompt"])) or "?"
    correct = formatted = total = 0
    by_operation: dict[str, list[int]] = {}
    for line in Path(args.predictions).read_text(encoding="utf-8").splitlines():
        p = json.loads(line)
        if p["id"] not in expected:
            continue
        total += 1
        got = final_answer(p["prediction"])
        formatted += got is not None
        right = got is not None and got == expected[p["id"]]
        correct += right
        tally = by_operation.setdefault(kinds[p["id"]], [0, 0])
        tally[0] += right
        tally[1] += 1
    print(
        json.dumps(
            {
                "total": total,
                "correct": correct,
                "accuracy": round(correct / max(total, 1), 4),
                "wilson_95": [round(x, 4) for x in wilson(correct, total)],
                "with_an_answer": formatted,
                "by_operation": {k: f"{c}/{n}" for k, (c, n) in sorted(by_operation.items())},
            }
        )
    )
    return 0


def bench(args) -> int:
    import time

    import jax
    import jax.numpy as jnp
    import numpy as np
    from flax import nnx

    from tunix_rt_trainer.jax_backend.model import config_for, create, param_count
    from tunix_rt_trainer.jax_backend.steps import build_steps, make_optimizer

    graphdef, params = nnx.split(create(config_for(args.model), 0))
    tx, schedule = make_optimizer(1e-3, 10, 1000, 0.0)
    opt_state = tx.init(params)
    train_step, _ = build_steps(graphdef, tx, schedule)
    b, t = args.batch_size, args.seq
    rng = np.random.default_rng(0)
    ones = np.ones((b, t), np.int32)
    batch = jax.device_put(
        {
            "tokens": rng.integers(5, 260, (b, t)).astype(np.int32),
            "mask": ones,
            "segments": ones,
            "positions": np.tile(np.arange(t, dtype=np.int32), (b, 1)),
        }
    )
    started = time.time()
    params, opt_state, m = train_step(params, opt_state, batch, jnp.int32(0))
    jax.block_until_ready(m)
    compile_s = time.time() - started
    # Each step timed on its own and the fastest kept, as `matmul` keeps its fastest trial: on a
    # shared machine the slow ones measure the neighbours. mean_step_ms is the plain average.
    times = []
    for i in range(args.steps):
        started = time.time()
        params, opt_state, m = train_step(params, opt_state, batch, jnp.int32(i))
        jax.block_until_ready(m)
        times.append(time.time() - started)
    step_s = min(times)
    cfg = config_for(args.model)
    # Training FLOPs per token: 6 per parameter (forward + backward, the tied output layer included)
    # plus attention's score and value products, 12 * layers * seq * d_model (Kaplan et al. 2020).
    flops_per_token = 6 * param_count(params) + 12 * cfg.n_layers * t * cfg.d_model
    print(
        json.dumps(
            {
                "model": args.model,
                "params_M": round(param_count(params) / 1e6, 2),
                "batch": b,
                "seq": t,
                "device": str(jax.devices()[0].platform),
                "compile_s": round(compile_s, 1),
                "step_ms": round(step_s * 1000, 1),
                "mean_step_ms": round(sum(times) / len(times) * 1000, 1),
                "tokens_per_s": round(b * t / step_s),
                "flops_per_token": flops_per_token,
                "model_gflops_per_s": round(b * t * flops_per_token / step_s / 1e9, 2),
            }
        )
    )
    return 0


def matmul(args) -> int:
    """The baseline for `bench`: what plain XLA matrix products reach on this device (GFLOP/s)."""
    import time

    import jax
    import jax.numpy as jnp

    n = args.size
    dtype = jnp.dtype(args.dtype)
    a = jax.random.normal(jax.random.key(0), (n, n), dtype)
    b = jax.random.normal(jax.random.key(1), (n, n), dtype)
    f = jax.jit(lambda x, y: x @ y)
    jax.block_until_ready(f(a, b))
    # The best of several trials: on a shared machine the slow ones measure the neighbours.
    seconds = float("inf")
    for _ in range(args.trials):
        started = time.time()
        for _ in range(args.repeats):
            out = f(a, b)
        jax.block_until_ready(out)
        seconds = min(seconds, (time.time() - started) / args.repeats)
    print(
        json.dumps(
            {
                "size": n,
                "dtype": str(dtype),
                "device": str(jax.devices()[0].platform),
                "ms": round(seconds * 1000, 2),
                "gflops_per_s": round(2 * n**3 / seconds / 1e9, 2),
            }
        )
    )
    return 0


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m tunix_rt_trainer.demo")
    sub = p.add_subparsers(dest="command", required=True)
    a = sub.add_parser("arithmetic-run")
    a.add_argument("dir")
    a.add_argument("--difficulty", default="1", choices=["1", "2", "3", "mixed"])
    a.add_argument("--digits", type=int, choices=[1, 2, 3, 4], help="largest + and - operand in digits")
    a.add_argument("--steps", choices=["operations", "columns"], help="the generator's step style")
    a.add_argument("--style", default="numbered", choices=["numbered", "tagged"])
    a.add_argument("--attempts", type=int, default=20000, help="traces generated (indices 0..N-1), then de-duplicated")
    a.add_argument("--test", type=int, default=100)
    a.add_argument("--val", type=int, default=100)
    a.add_argument("--train", type=int, default=0, help="cap on training problems (0: all the rest)")
    a.add_argument("--seed", type=int, default=7, help="the generator's seed, the split's and the run's")
    a.add_argument("--model", default="tiny")
    a.add_argument("--lr", type=float, default=3e-3)
    a.add_argument("--max-steps", type=int, default=600)
    a.add_argument("--batch-size", type=int, default=32)
    a.add_argument("--max-seq-length", type=int, default=128)
    a.add_argument("--warmup", type=int, default=50)
    a.add_argument("--weight-decay", type=float, default=0.1)
    a.add_argument("--eval-every", type=int, default=100)
    a.add_argument("--save-every", type=int, default=200)
    a.add_argument("--options", default="{}", help="trainer_options as JSON")
    s = sub.add_parser("score")
    s.add_argument("reference", help="data/test.jsonl (has the completions)")
    s.add_argument("predictions")
    bn = sub.add_parser("bench")
    bn.add_argument("--model", default="tiny")
    bn.add_argument("--batch-size", type=int, default=32)
    bn.add_argument("--seq", type=int, default=104)
    bn.add_argument("--steps", type=int, default=20)
    mm = sub.add_parser("matmul")
    mm.add_argument("--size", type=int, default=1024)
    mm.add_argument("--dtype", default="float32")
    mm.add_argument("--repeats", type=int, default=10)
    mm.add_argument("--trials", type=int, default=5)
    args = p.parse_args(argv)
    commands = {"arithmetic-run": arithmetic_run, "score": score, "bench": bench, "matmul": matmul}
    return commands[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
