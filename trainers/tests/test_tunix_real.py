"""The tunix backend against Google's Tunix itself (installed from the wheels: `node
scripts/setup-python.mjs --with-tunix --wheels DIR`): no fakes. Skipped, with the reason, where
Tunix does not import."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import cli, trainer_env, write_run
from tiny_gemma import write_checkpoint


def _probe() -> dict:
    code = "import json; from tunix_rt_trainer.tunix_backend import probe; print(json.dumps(probe()))"
    r = subprocess.run([sys.executable, "-c", code], env=trainer_env(), capture_output=True, text=True, timeout=120)
    return json.loads(r.stdout) if r.returncode == 0 else {"available": False, "reason": r.stderr.strip()[-300:]}


PROBE = _probe()
pytestmark = pytest.mark.skipif(not PROBE["available"], reason=f"Tunix is not usable here: {PROBE.get('reason')}")


def tunix_run(path: Path, **overrides) -> Path:
    base = dict(trainer="tunix", model_id="tiny-gemma3", max_steps=30, batch_size=8, learning_rate=3e-3)
    base["trainer_options"] = {"log_every_steps": 5, **overrides.pop("trainer_options", {})}
    return write_run(path, n_train=48, n_val=8, **(base | overrides))


def points(run: Path, name: str) -> list[tuple[int, float]]:
    rows = [json.loads(line) for line in (run / "metrics.jsonl").read_text().splitlines()]
    return [(p["step"], p["value"]) for p in rows if p["name"] == name]


def steps(run: Path) -> list[int]:
    return sorted(int(p.name) for p in (run / "checkpoints").iterdir() if p.name.isdigit())


def predict(run: Path, checkpoint: str, out: str) -> list[dict]:
    prompts = [json.loads(x) for x in (run / "data" / "val.jsonl").read_text().splitlines()]
    (run / "prompts.jsonl").write_text(
        "".join(json.dumps({"id": p["id"], "prompt": p["prompt"]}) + "\n" for p in prompts)
    )
    r = cli(
        run,
        "predict",
        "--run-dir",
        str(run),
        "--checkpoint",
        checkpoint,
        "--input",
        "prompts.jsonl",
        "--output",
        out,
        "--max-new-tokens",
        "12",
        "--batch-size",
        "4",
        backend="tunix",
        timeout=300,
    )
    assert r.returncode == 0, r.stderr
    return [json.loads(x) for x in (run / out).read_text().splitlines()]


def test_status_reports_the_installed_tunix():
    assert PROBE["version"] and "(source)" not in PROBE["version"]
    assert PROBE["lora"] is True


def test_full_fine_tune_learns_evaluates_at_the_end_resumes_and_predicts(tmp_path):
    run = tunix_run(tmp_path / "full", eval_every_steps=20, save_every_steps=10)
    r = cli(run, "train", "--run-dir", str(run), backend="tunix", timeout=600)
    assert r.returncode == 0, r.stderr
    loss = points(run, "train/loss")
    assert loss[-1][1] < 0.7 * loss[0][1], loss
    # Evaluated at the start, every 20 steps, and at the end though 30 is not a multiple of 20.
    assert [s for s, _ in points(run, "eval/loss")] == [0, 20, 30]
    assert steps(run) == [10, 20, 30]  # the interval and the end: no first-step checkpoints/1

    cfg = json.loads((run / "run.json").read_text())
    (run / "run.json").write_text(json.dumps(cfg | {"max_steps": 35}))
    r = cli(run, "train", "--run-dir", str(run), backend="tunix", timeout=600)
    assert r.returncode == 0 and "resumed at step 30" in r.stdout, r.stdout + r.stderr
    evals = [s for s, _ in points(run, "eval/loss")]
    assert evals == [0, 20, 30, 35]  # resuming evaluates step 30 again: it is not written twice
    assert steps(run)[-1] == 35

    first, again = predict(run, "checkpoints/35", "p1.jsonl"), predict(run, "checkpoints/35", "p2.jsonl")
    assert [p["prediction"] for p in first] == [p["prediction"] for p in again]
    assert [p["id"] for p in first] == [f"ex-{i}" for i in range(48, 56)]
    assert all(p["output_tokens"] <= 12 and "<end_of_turn>" not in p["prediction"] for p in first)
    assert len(predict(run, "init", "p0.jsonl")) == 8


def test_lora_checkpoints_hold_only_lora_parameters_and_resume(tmp_path):
    run = tunix_run(tmp_path / "lora", max_steps=10, save_every_steps=5, trainer_options={"lora": True, "lora_rank": 4})
    r = cli(run, "train", "--run-dir", str(run), backend="tunix", timeout=600)
    assert r.returncode == 0, r.stderr
    assert "LoRA: rank 4" in r.stdout
    tree = json.loads((run / "checkpoints" / "10" / "model_params" / "_METADATA").read_text())["tree_metadata"]
    assert tree and all("_lora_" in key for key in tree), list(tree)[:5]
    cfg = json.loads((run / "run.json").read_text())
    (run / "run.json").write_text(json.dumps(cfg | {"max_steps": 15}))
    r = cli(run, "train", "--run-dir", str(run), backend="tunix", timeout=600)
    assert r.returncode == 0 and "resumed at step 10" in r.stdout, r.stdout + r.stderr
    assert steps(run)[-1] == 15
    assert len(predict(run, "checkpoints/15", "p.jsonl")) == 8


def test_fixed_bug_lora_weights_started_from_a_fixed_key_whatever_the_seed(tmp_path):
    code = textwrap.dedent("""
        import json, numpy as np
        from flax import nnx
        from tunix_rt_trainer.tunix_backend import require
        require()
        from tunix_rt_trainer.tunix_backend.models import apply_lora, make_mesh, tiny_gemma3
        mesh = make_mesh({})
        def lora_a(seed):
            base, _ = tiny_gemma3(0, mesh, {})
            model, _ = apply_lora(base, {"lora_rank": 4}, mesh, lambda m: None, seed)
            flat = nnx.to_flat_state(nnx.state(model))
            leaves = [np.asarray(v) for p, v in flat if "lora_a" in str(p)]
            return leaves[0]
        a1, a1_again, a2 = lora_a(1), lora_a(1), lora_a(2)
        print(json.dumps({"same": bool(np.array_equal(a1, a1_again)), "differ": not np.array_equal(a1, a2)}))
    """)
    r = subprocess.run([sys.executable, "-c", code], env=trainer_env(), capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout.strip().splitlines()[-1]) == {"same": True, "differ": True}


def test_sigterm_saves_the_step_reached_and_exits_143(tmp_path):
    run = tunix_run(tmp_path / "stop", max_steps=100_000, trainer_options={"log_every_steps": 1})
    proc = subprocess.Popen(
        [sys.executable, "-m", "tunix_rt_trainer", "--backend", "tunix", "train", "--run-dir", str(run)],
        cwd=run,
        env=trainer_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    for line in proc.stdout:
        if line.startswith("step 5:"):
            break
    sent = time.time()
    proc.send_signal(signal.SIGTERM)
    rest = proc.stdout.read()
    assert proc.wait(timeout=120) == 143, rest
    assert time.time() - sent < 60
    assert "stopped by signal" in rest
    assert steps(run) and steps(run)[-1] >= 5


def test_a_gemma3_checkpoint_in_hugging_face_layout_loads_trains_and_predicts(tmp_path):
    """Tunix's own loaders (create_model_from_safe_tensors, SentencePiece with Gemma's turn markers)
    on a toy Gemma 3 written in the real layout; the model config is read from its config.json."""
    weights = write_checkpoint(tmp_path / "gemma-3-toy")
    run = tunix_run(
        tmp_path / "hf",
        model_id="gemma-3-toy",
        max_steps=12,
        learning_rate=5e-3,
        trainer_options={"model_path": str(weights), "model_config": "config.json", "dtype": "float32", "lora": False},
    )
    r = cli(run, "train", "--run-dir", str(run), backend="tunix", timeout=600)
    assert r.returncode == 0, r.stderr
    assert "gemma-3-toy (config.json, sentencepiece tokenizer)" in r.stdout
    loss = points(run, "train/loss")
    assert loss[-1][1] < loss[0][1], loss
    assert len(predict(run, "checkpoints/12", "p.jsonl")) == 8


def test_a_model_path_without_weights_is_one_config_line(tmp_path):
    run = tunix_run(
        tmp_path / "bad", model_id="gemma-3-1b-it", trainer_options={"model_path": str(tmp_path / "nowhere")}
    )
    r = cli(run, "train", "--run-dir", str(run), backend="tunix")
    assert r.returncode == 2 and r.stderr.strip().startswith("config error:") and "model_path" in r.stderr


def test_a_named_gemma_with_random_init_needs_a_known_config(tmp_path):
    run = tunix_run(tmp_path / "rand", model_id="gemma3-3b", trainer_options={"init": "random"})
    r = cli(run, "train", "--run-dir", str(run), backend="tunix")
    assert r.returncode == 2 and "no Tunix config for 'gemma3_3b'" in r.stderr and "gemma3_1b_pt" in r.stderr


def test_fixed_bug_every_step_gathered_the_whole_state_for_a_checkpoint_it_did_not_save():
    from tunix_rt_trainer.tunix_backend.train import skip_off_interval_saves

    class Manager:  # records what reaches Tunix's CheckpointManager.save
        def __init__(self):
            self.saved = []

        def save(self, step, model, optimizer=None, force=False, **kw):
            self.saved.append((step, force))
            return True

    m = Manager()
    skip_off_interval_saves(m, 10)
    assert [m.save(s, None, None) for s in (1, 9, 10, 11, 20)] == [False, False, True, False, True]
    assert m.save(23, None, None, force=True) is True
    assert m.saved == [(10, False), (20, False), (23, True)]
    never = Manager()
    skip_off_interval_saves(never, None)
    assert never.save(10, None) is False and never.save(7, None, force=True) and never.saved == [(7, True)]


def test_the_throughput_check_measures_ours_and_bare_on_the_same_work():
    r = subprocess.run(
        [sys.executable, "-m", "tunix_rt_trainer.tunix_backend.throughput", "--model", "tiny-gemma3"]
        + ["--batch-size", "2", "--seq", "64", "--steps", "4", "--rounds", "1", "--dtype", "float32"],
        env=trainer_env(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert r.returncode == 0, r.stderr
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert [(x["name"], x.get("round")) for x in rows] == [("ours", 0), ("bare", 0), ("summary", None)]
    ours, bare, summary = rows
    assert ours["tokens_per_second"] > 0 and bare["tokens_per_second"] > 0
    # The printed rates are rounded, the ratio is not: equal to within that rounding.
    assert abs(summary["ours_vs_bare"] - ours["tokens_per_second"] / bare["tokens_per_second"]) < 0.002
    assert summary["seq"] == 64 and summary["batch_size"] == 2 and summary["device"]
