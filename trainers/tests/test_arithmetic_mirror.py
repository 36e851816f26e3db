"""The Python arithmetic generator against the fixture the TypeScript generator is tested on."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tunix_rt_trainer.arithmetic import Rng, render_gemma, trace

FIXTURE = Path(__file__).resolve().parents[2] / "packages/services/src/generators/column-fixture.json"


def test_traces_and_renderings_match_the_typescript_generator_byte_for_byte():
    cases = json.loads(FIXTURE.read_text(encoding="utf-8"))
    assert len(cases) >= 30 and any(c["options"].get("steps") == "columns" for c in cases)
    for c in cases:
        t = trace(c["seed"], c["index"], c["difficulty"], **c["options"])
        # json.dumps keeps key order, so this also checks the order of the keys.
        assert json.dumps(t) == json.dumps(c["trace"]), c
        for style in ("numbered", "tagged"):
            r = render_gemma(t, style)
            assert r["prompt"] + r["completion"] == c[style]


def test_prng_stays_in_bounds_and_depends_on_seed_and_stream():
    a, b = Rng(42, 1), Rng(42, 1)
    assert [a.next() for _ in range(5)] == [b.next() for _ in range(5)]
    r = Rng(1)
    seen = {r.int(3, 9) for _ in range(2000)}
    assert seen == set(range(3, 10))
    assert Rng(42, 1).next() != Rng(42, 2).next()
    assert Rng(2**40 + 3).next() != Rng(3).next()  # the seed's high half counts


def test_column_steps_check_out_on_their_own():
    column = re.compile(r"^[A-Z][a-z ]+: (1?\d) ([-+*]) (\d)(?: ([-+]) (\d))? = (\d+)$")
    for index in range(300):
        t = trace(5, index, "mixed", digits=3, steps="columns")
        for s in t["steps"]:
            if s["type"] == "column":
                m = column.match(s["content"])
                assert m, s
                a, op, b, op2, c, value = m.groups()
                got = int(a) + int(b) if op == "+" else int(a) - int(b) if op == "-" else int(a) * int(b)
                if op2:
                    got = got + int(c) if op2 == "+" else got - int(c)
                assert got == int(value), s
        assert t["steps"][-1]["content"] == f"The result is {t['final_answer']}"


def test_demo_run_has_disjoint_splits_of_unique_problems_and_scores_with_an_interval(tmp_path, capsys):
    from tunix_rt_trainer import demo

    run = tmp_path / "run"
    argv = ["arithmetic-run", str(run), "--digits", "2", "--steps", "columns", "--attempts", "3000"]
    assert demo.main([*argv, "--test", "60", "--val", "20", "--max-seq-length", "184"]) == 0
    splits = {
        n: [json.loads(x) for x in (run / "data" / f"{n}.jsonl").read_text().splitlines()]
        for n in ("train", "val", "test")
    }
    prompts = {n: {r["prompt"] for r in rows} for n, rows in splits.items()}
    assert [len(splits[n]) for n in ("test", "val")] == [60, 20]
    assert sum(len(p) for p in prompts.values()) == sum(len(r) for r in splits.values())  # unique
    assert not (
        prompts["train"] & prompts["test"] or prompts["train"] & prompts["val"] or prompts["val"] & prompts["test"]
    )
    # Every row is a trace of the generator with seed 7, rendered as the worker renders it.
    first = render_gemma(trace(7, 0, 1, digits=2, steps="columns"))
    assert any(
        r["prompt"] == first["prompt"] and r["completion"] == first["completion"]
        for rows in splits.values()
        for r in rows
    )
    assert json.loads((run / "run.json").read_text())["max_seq_length"] == 184
    capsys.readouterr()

    tests = splits["test"]
    predictions = run / "pred.jsonl"
    wrong = {r["id"] for r in tests[::3]}  # a third answered wrongly
    predictions.write_text(
        "".join(
            json.dumps({"id": r["id"], "prediction": "Answer: 123456" if r["id"] in wrong else r["completion"]}) + "\n"
            for r in tests
        )
    )
    assert demo.main(["score", str(run / "data" / "test.jsonl"), str(predictions)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["total"], out["correct"], out["with_an_answer"]) == (60, 40, 60)
    low, high = out["wilson_95"]
    assert low < 40 / 60 < high and 0.5 < low and high < 0.8
    assert sum(int(v.split("/")[1]) for v in out["by_operation"].values()) == 60
