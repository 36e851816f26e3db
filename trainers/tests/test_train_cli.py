"""The jax backend through its command line, as the worker runs it: train, resume, SIGTERM, predict."""

import json
import signal
import subprocess
import sys
import time

import pytest
from conftest import cli, metrics, trainer_env, write_run

NAMES = {
    "train/loss",
    "train/perplexity",
    "train/learning_rate",
    "train/grad_norm",
    "train/tokens_per_second",
    "eval/loss",
    "eval/perplexity",
}


def values(points, name):
    return {p["step"]: p["value"] for p in points if p["name"] == name}


def test_train_then_resume_continues_the_step_count(run_dir):
    r = cli(run_dir, "train", "--run-dir", str(run_dir))
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in (run_dir / "checkpoints").iterdir()) == ["3", "6"]
    assert (run_dir / "model" / "params").is_dir()
    points = metrics(run_dir)
    assert {p["name"] for p in points} == NAMES
    assert all(set(p) == {"step", "name", "value", "t"} for p in points)
    assert sorted(values(points, "train/loss")) == [3, 6]
    assert sorted(values(points, "eval/loss")) == [0, 3, 6]
    assert "step 6/6" in r.stdout and "done: 6 steps" in r.stdout

    run = json.loads((run_dir / "run.json").read_text())
    run["max_steps"] = 9
    (run_dir / "run.json").write_text(json.dumps(run))
    r = cli(run_dir, "train", "--run-dir", str(run_dir))
    assert r.returncode == 0, r.stderr
    assert "at step 6" in r.stdout
    assert sorted(values(metrics(run_dir), "train/loss")) == [3, 6, 9]
    assert "9" in {p.name for p in (run_dir / "checkpoints").iterdir()}


def test_same_seed_same_numbers_and_resume_from_another_run_is_exact(tmp_path):
    a = write_run(tmp_path / "a", max_steps=6)
    b = write_run(tmp_path / "b", max_steps=6, resume_from_path=str(a / "checkpoints" / "3"))
    assert cli(a, "train", "--run-dir", str(a)).returncode == 0
    r = cli(b, "train", "--run-dir", str(b))
    assert r.returncode == 0, r.stderr
    assert "resumed from" in r.stdout and "at step 3" in r.stdout
    pa, pb = metrics(a), metrics(b)
    for name in ("train/loss", "train/grad_norm", "eval/loss"):
        assert values(pb, name)[6] == pytest.approx(values(pa, name)[6], rel=1e-5), name


def test_sigterm_saves_a_checkpoint_and_exits_143(tmp_path):
    d = write_run(
        tmp_path / "long",
        max_steps=100000,
        save_every_steps=None,
        eval_every_steps=None,
        trainer_options={"log_every_steps": 5},
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "tunix_rt_trainer", "--backend", "jax", "train", "--run-dir", str(d)],
        cwd=d,
        env=trainer_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.time() + 90
    for line in proc.stdout:
        if line.startswith("step 5/") or time.time() > deadline:
            break
    proc.send_signal(signal.SIGTERM)
    sent = time.time()
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 143, err
    assert time.time() - sent < 30
    steps = sorted(int(p.name) for p in (d / "checkpoints").iterdir() if p.name.isdigit())
    assert steps and steps[-1] >= 5
    assert f"checkpoint checkpoints/{steps[-1]} saved; exiting 143" in out
    # Information, not an error: the run log would mark a stderr line as one.
    assert "received SIGTERM: stopping after the current step" in out and "received SIGTERM" not in err
    assert not (d / "model").exists()


def test_predict_is_deterministic_and_keeps_ids_in_order(run_dir):
    assert cli(run_dir, "train", "--run-dir", str(run_dir)).returncode == 0
    prompts = run_dir / "prompts.jsonl"
    rows = [json.loads(line) for line in (run_dir / "data" / "val.jsonl").read_text().splitlines()]
    prompts.write_text("".join(json.dumps({"id": r["id"], "prompt": r["prompt"]}) + "\n" for r in rows[:5]))
    outs = []
    for name, ckpt in (("p1.jsonl", "checkpoints/6"), ("p2.jsonl", str(run_dir / "model"))):
        r = cli(
            run_dir,
            "predict",
            "--run-dir",
            str(run_dir),
            "--checkpoint",
            ckpt,
            "--input",
            "prompts.jsonl",
            "--output",
            name,
            "--max-new-tokens",
            "12",
            "--batch-size",
            "4",
        )
        assert r.returncode == 0, r.stderr
        outs.append([json.loads(line) for line in (run_dir / name).read_text().splitlines()])
    answers = [[(o["id"], o["prediction"], o["output_tokens"]) for o in out] for out in outs]
    assert answers[0] == answers[1]  # model/ is the last checkpoint's params, so this also checks the export
    assert [o["id"] for o in outs[0]] == [r["id"] for r in rows[:5]]
    for o in outs[0]:
        assert set(o) == {"id", "prediction", "output_tokens", "latency_ms"} and "<end_of_turn>" not in o["prediction"]
        assert 0 <= o["output_tokens"] <= 12 and o["latency_ms"] >= 0
    assert "predict/items_done" not in (run_dir / "metrics.jsonl").read_text()  # progress only when asked
    r = cli(
        run_dir,
        "predict",
        "--run-dir",
        str(run_dir),
        "--checkpoint",
        "init",
        "--input",
        "prompts.jsonl",
        "--output",
        "p0.jsonl",
        "--max-new-tokens",
        "4",
        "--batch-size",
        "4",
    )
    assert r.returncode == 0 and "untrained micro" in r.stdout
    assert len((run_dir / "p0.jsonl").read_text().splitlines()) == 5


def test_predict_in_a_directory_without_training_data_reports_progress(tmp_path):
    """An evaluation run's directory: run.json and prompts, no data/; the worker asks for progress."""
    d = tmp_path / "eval"
    d.mkdir()
    (d / "run.json").write_text(json.dumps({"run_id": "e", "kind": "eval", "model_id": "micro", "seed": 3}))
    (d / "prompts.jsonl").write_text("".join(json.dumps({"id": str(i), "prompt": f"q{i}"}) + "\n" for i in range(5)))
    env = {"TUNIX_RT_PREDICT_PROGRESS": "1"}
    r = cli(
        d,
        "predict",
        "--run-dir",
        str(d),
        "--checkpoint",
        "init",
        "--input",
        "prompts.jsonl",
        "--output",
        "predictions.jsonl",
        "--max-new-tokens",
        "3",
        "--batch-size",
        "2",
        env=env,
    )
    assert r.returncode == 0, r.stderr
    assert [json.loads(x)["id"] for x in (d / "predictions.jsonl").read_text().splitlines()] == [
        "0",
        "1",
        "2",
        "3",
        "4",
    ]
    points = [json.loads(x) for x in (d / "metrics.jsonl").read_text().splitlines()]
    assert [p["value"] for p in points] == [2, 4, 5] and {p["name"] for p in points} == {"predict/items_done"}


def test_config_errors_are_one_line_and_exit_2(tmp_path):
    d = write_run(tmp_path / "bad", model_id="gemma-3-1b")
    r = cli(d, "train", "--run-dir", str(d))
    assert r.returncode == 2
    assert r.stderr.strip().splitlines() == [r.stderr.strip()] and "unknown model_id" in r.stderr
    r = cli(tmp_path, "train", "--run-dir", str(tmp_path / "missing"))
    assert r.returncode == 2 and "does not exist" in r.stderr


def test_status_reports_both_backends(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "tunix_rt_trainer", "status"],
        env=trainer_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    st = json.loads(out.stdout)
    assert st["backends"]["jax"]["available"] is True and st["backends"]["jax"]["version"]
    tunix = st["backends"]["tunix"]
    assert set(tunix) >= {"available", "version", "reason"}
    assert tunix["available"] or "tunix" in tunix["reason"]
