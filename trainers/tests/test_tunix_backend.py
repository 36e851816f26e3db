"""The tunix backend's plain parts (template, masks, batches, metrics) and its import guard, without Tunix."""

import json
import subprocess
import sys
import textwrap

import numpy as np
import pytest
from conftest import TRAINERS, fake_tunix, trainer_env, write_run

from tunix_rt_trainer.batching import EpochPlanner, iterate_batches
from tunix_rt_trainer.examples import Example
from tunix_rt_trainer.metrics import MetricsWriter
from tunix_rt_trainer.tunix_backend.batches import SKIPPED, TrainStream, eval_list, model_inputs, tunix_arrays
from tunix_rt_trainer.tunix_backend.metrics_backend import JsonlBackend
from tunix_rt_trainer.tunix_backend.template import (
    GEMMA3_IDS,
    check_marker_ids,
    encode_with_markers,
    render_completion,
    render_prompt,
    sft_example,
    split_markers,
)


def plain(text: str) -> list[int]:
    """A stand-in tokenizer for the text between markers: one id per character, offset past the specials."""
    return [1000 + ord(c) for c in text]


def test_render_matches_the_worker_and_the_gemma_template():
    assert render_prompt("Q?") == "<start_of_turn>user\nQ?<end_of_turn>\n<start_of_turn>model\n"
    assert render_prompt("Q?", "SYS") == "<start_of_turn>user\nSYS\n\nQ?<end_of_turn>\n<start_of_turn>model\n"
    assert render_completion("A") == "A<end_of_turn>"


def test_markers_become_their_ids_and_text_is_encoded_plainly():
    assert split_markers("<start_of_turn>user\nhi<end_of_turn>") == [
        ("<start_of_turn>", True),
        ("user\nhi", False),
        ("<end_of_turn>", True),
    ]
    ids = encode_with_markers("<start_of_turn>user\nHi<end_of_turn>\n", plain, GEMMA3_IDS)
    assert ids == [105, *plain("user\nHi"), 106, *plain("\n")]


def test_sft_example_masks_completion_including_end_of_turn():
    tokens, mask, status = sft_example(
        render_prompt("Hi"), render_completion("Yo"), encode_plain=plain, marker_ids=GEMMA3_IDS, bos_id=2, max_len=64
    )
    expected_prompt = [2, 105, *plain("user\nHi"), 106, *plain("\n"), 105, *plain("model\n")]
    assert tokens.tolist() == [*expected_prompt, *plain("Yo"), 106]
    assert mask.tolist() == [0] * len(expected_prompt) + [1, 1, 1]
    assert status == "ok"


def test_a_tokenizer_without_turn_markers_is_refused():
    with pytest.raises(ValueError, match="Gemma tokenizer"):
        check_marker_ids({"<start_of_turn>": 3, "<end_of_turn>": 3}, unk_id=3)
    check_marker_ids(GEMMA3_IDS, unk_id=3)


def test_model_inputs_follow_tunix_semantics():
    tokens = np.array([[2, 7, 8, 9, 0, 0]])
    mask = np.array([[0, 0, 1, 1, 0, 0]])
    out = model_inputs(tokens, mask, pad_id=0)
    assert out["positions"].tolist() == [[0, 1, 2, 3, 3, 3]]
    att = out["attention_mask"][0].astype(int)
    assert att[3].tolist() == [1, 1, 1, 1, 0, 0] and att[1].tolist() == [1, 1, 0, 0, 0, 0]
    assert att[5].tolist() == [1, 1, 1, 1, 0, 0]  # padding queries see only real keys
    assert out["input_mask"] is mask and out["input_tokens"] is tokens


def make_examples(n=10):
    return [
        Example(
            f"e{i}", np.arange(2, 8 + i % 3, dtype=np.int32), np.r_[np.zeros(3), np.ones(3 + i % 3)].astype(np.int32)
        )
        for i in range(n)
    ]


def test_train_stream_skips_resumed_batches_cheaply_and_stops_on_request():
    examples = make_examples()
    planner = EpochPlanner([len(e) for e in examples], 2, seed=0)
    stop = {"now": False}
    reports = []
    stream = TrainStream(
        examples,
        planner,
        [16],
        0,
        wrap=lambda a: a,
        should_stop=lambda: stop["now"],
        report=lambda step, tps: reports.append((step, tps)),
        report_every=2,
        skip=3,
    )
    it = iter(stream)
    assert [next(it) for _ in range(3)] == [SKIPPED] * 3
    reference = iterate_batches(examples, planner, [16], 0, 3)
    for _ in range(8):
        got, (_, want) = next(it), next(reference)
        assert np.array_equal(got["input_tokens"], want.tokens) and np.array_equal(got["input_mask"], want.mask)
    assert reports and all(tps > 0 for _, tps in reports)
    stop["now"] = True
    assert list(it) == []


def test_eval_set_is_a_reiterable_list():
    evals = eval_list(make_examples(5), 2, [16], 0, wrap=tuple)
    assert isinstance(evals, list) and len(evals) == 3


def test_jsonl_backend_keeps_train_and_eval_points(tmp_path):
    writer = MetricsWriter(tmp_path / "metrics.jsonl")
    lines = []
    backend = JsonlBackend(writer, flush_s=3600, echo_every=10, echo=lines.append)
    backend.log_scalar("/train/loss", np.float32(1.5), step=10)
    backend.log_scalar("/train/learning_rate", 1e-4, step=10)
    backend.log_scalar("/eval/loss", 2.0, step=10)
    backend.log_scalar("/rollout/whatever", 3.0, step=10)  # another trainer's listener event: ignored
    backend.log_scalar("/train/loss", float("nan"), step=11)  # JSON has no NaN
    assert not (tmp_path / "metrics.jsonl").exists()  # buffered until a flush
    backend.close()
    points = [json.loads(line) for line in (tmp_path / "metrics.jsonl").read_text().splitlines()]
    assert [(p["step"], p["name"], p["value"]) for p in points] == [
        (10, "train/loss", 1.5),
        (10, "train/learning_rate", 1e-4),
        (10, "eval/loss", 2.0),
    ]
    assert lines == ["step 10: train/loss 1.5000", "eval step 10: eval/loss 2.0000"]


def test_tunix_arrays_are_what_training_input_takes():
    b = next(iterate_batches(make_examples(), EpochPlanner([6] * 10, 2, 0), [16], 0, 0))[1]
    assert set(tunix_arrays(b)) == {"input_tokens", "input_mask"}


def run_python(code: str, extra_path: str | None = None) -> subprocess.CompletedProcess:
    env = trainer_env()
    if extra_path:
        env["PYTHONPATH"] = f"{extra_path}:{env['PYTHONPATH']}"
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], env=env, capture_output=True, text=True, timeout=60
    )


def test_without_tunix_train_says_so_in_one_line_and_exits_78(tmp_path):
    d = write_run(tmp_path / "t", model_id="tiny-gemma3", trainer="tunix")
    r = run_python(f"""
        import sys
        sys.modules["tunix"] = None  # as if it were not installed, whatever this machine has
        from tunix_rt_trainer.cli import main
        sys.exit(main(["--backend", "tunix", "train", "--run-dir", {str(d)!r}]))
    """)
    assert r.returncode == 78
    assert r.stderr.strip().count("\n") == 0
    assert r.stderr.startswith("tunix backend unavailable:") and "install" in r.stderr
    assert r.stdout == ""


def test_probe_reports_missing_tunix_and_uses_stand_ins_for_metrax_pil_perfetto(tmp_path):
    r = run_python("""
        import json, sys
        sys.modules["tunix"] = None
        from tunix_rt_trainer.tunix_backend import probe
        print(json.dumps(probe()))
    """)
    missing = json.loads(r.stdout)
    assert missing["available"] is False and "not installed" in missing["reason"]

    # A "tunix" whose import needs the three modules SFT does not use.
    fake = fake_tunix(
        tmp_path / "fake",
        {
            "tunix": "__version__ = '9.9-fake'\nimport metrax.logging, PIL.Image\n",
            "tunix.sft.peft_trainer": "from perfetto.trace_builder import proto_builder\n",
        },
    )
    r = run_python(
        """
        import json
        from tunix_rt_trainer.tunix_backend import probe
        print(json.dumps(probe()))
    """,
        extra_path=str(fake),
    )
    found = json.loads(r.stdout)
    # Not the installed distribution's package: its own version, marked as a source tree.
    assert found["available"] is True and found["version"] == "9.9-fake (source)"
    assert "metrax" in found["stubbed"] and set(found["stubbed"]) <= {"metrax", "PIL", "perfetto"}


def test_fixed_bug_status_said_available_when_a_gemma_model_could_not_import(tmp_path):
    """Only the trainer and the sampler were imported: without einops (which Gemma's model needs)
    status said available and `train` failed with a traceback instead of exit 78."""
    fake = fake_tunix(tmp_path / "fake", {"tunix.models.gemma3.model": "import einops_not_installed_here\n"})
    r = run_python(
        """
        import json
        from tunix_rt_trainer.tunix_backend import probe
        print(json.dumps(probe()))
    """,
        extra_path=str(fake),
    )
    st = json.loads(r.stdout)
    assert st["available"] is False and "einops_not_installed_here" in st["reason"]


def test_setup_script_is_a_no_op_when_the_environment_is_current():
    import shutil

    node = shutil.which("node")
    venv = TRAINERS.parent / ".venv"
    if not node or not (venv / ".tunix-rt-requirements.sha256").exists():
        pytest.skip("node or a stamped .venv is not available")
    r = subprocess.run(
        [node, str(TRAINERS.parent / "scripts" / "setup-python.mjs")], capture_output=True, text=True, timeout=60
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().splitlines() == [f"[python] ok: {venv / 'bin' / 'python'}"]
