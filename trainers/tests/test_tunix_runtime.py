"""Regressions found by running the tunix backend against Tunix's source (0.1.8 API) on CPU: meshes,
checkpoint paths and throughput accounting. None of these tests needs Tunix itself."""

import dataclasses
import os
import subprocess
import sys
import textwrap
import types

import jax
import numpy as np
import pytest
from conftest import fake_tunix, trainer_env

from tunix_rt_trainer.batching import EpochPlanner
from tunix_rt_trainer.config import ConfigError
from tunix_rt_trainer.examples import Example
from tunix_rt_trainer.tunix_backend import batches
from tunix_rt_trainer.tunix_backend.batches import TrainStream
from tunix_rt_trainer.tunix_backend.models import make_mesh, mesh_context
from tunix_rt_trainer.tunix_backend.predict import checkpoint_dir
from tunix_rt_trainer.tunix_backend.train import metrics_options


def test_mesh_has_auto_axes_and_its_context_is_what_peft_trainer_reads():
    # Explicit axes (newer JAX's default) turn Tunix's with_sharding_constraint calls into
    # assertions; PeftTrainer finds the mesh through the legacy `with mesh:` context.
    from jax.interpreters import pxla

    mesh = make_mesh({})
    if hasattr(jax.sharding, "AxisType"):
        assert all(t == jax.sharding.AxisType.Auto for t in mesh.axis_types)
    with mesh_context(mesh):
        assert not pxla.thread_resources.env.physical_mesh.empty
    assert pxla.thread_resources.env.physical_mesh.empty


def test_checkpoint_dir_is_absolute_whichever_way_it_is_named(tmp_path, monkeypatch):
    run = tmp_path / "run"
    (run / "checkpoints" / "40").mkdir(parents=True)
    monkeypatch.chdir(run)  # "checkpoints/40" now exists relative to the working directory
    assert checkpoint_dir(run, "checkpoints/40") == (run / "checkpoints" / "40").resolve()
    monkeypatch.chdir(tmp_path)  # ...and now only relative to the run
    got = checkpoint_dir(run, "checkpoints/40")
    assert got.is_absolute() and got == (run / "checkpoints" / "40").resolve()
    with pytest.raises(ConfigError):
        checkpoint_dir(run, "checkpoints/7")


class FakeClock:
    def __init__(self):
        self.now = 0.0

    def perf_counter(self):
        self.now += 1.0  # every batch pulled takes one second
        return self.now


def test_tokens_per_second_counts_optimizer_steps_and_leaves_out_evaluation(monkeypatch):
    examples = [Example(f"e{i}", np.arange(2, 10, dtype=np.int32), np.ones(8, np.int32)) for i in range(40)]
    planner = EpochPlanner([len(e) for e in examples], 2, seed=0)
    monkeypatch.setattr(batches, "time", types.SimpleNamespace(perf_counter=FakeClock().perf_counter))
    reports = []
    stream = TrainStream(
        examples,
        planner,
        [16],
        0,
        wrap=lambda a: a,
        report=lambda s, v: reports.append((s, v)),
        report_every=2,
        accum=2,
    )
    it = iter(stream)
    for i in range(6):
        next(it)
        if i == 3:
            stream.exclude(2.0)  # an evaluation of two seconds between batches 4 and 5
    # Pulling batch 6 closes the first window (2 optimizer steps = 4 batches after the first):
    # batches 2..5 in 4 s, 2 of them spent evaluating.
    ((step, tps),) = reports
    assert step == 2  # 5 batches dispatched = 2 whole optimizer steps of 2 batches
    assert tps == pytest.approx(4 * 16 / 2.0)  # 4 batches of 2 rows x 8 tokens over 2 s of training


def test_tunix_import_turns_off_its_progress_bar(tmp_path):
    fake = fake_tunix(tmp_path / "fake")
    env = trainer_env()
    env.pop("TQDM_DISABLE", None)
    env["PYTHONPATH"] = f"{fake}{os.pathsep}{env['PYTHONPATH']}"
    code = """
        import os
        from tunix_rt_trainer.tunix_backend import require
        require()
        print(os.environ.get("TQDM_DISABLE"))
    """
    r = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], env=env, capture_output=True, text=True, timeout=60
    )
    assert r.stdout.strip() == "1", r.stderr


def test_metrics_options_fit_both_spellings_of_tunix_custom_backends():
    @dataclasses.dataclass
    class Current:  # 0.1.8
        log_dir: str
        backend_kwargs: dict = dataclasses.field(default_factory=dict)

    @dataclasses.dataclass
    class Earlier:
        log_dir: str
        backend_factories: list | None = None

    def factory():
        return None

    assert metrics_options(Current, "d", factory).backend_kwargs == {"custom_backend": [factory]}
    assert metrics_options(Earlier, "d", factory).backend_factories == [factory]
