"""`train` for the tunix backend: PeftTrainer SFT driven by run.json (import only after require()).

Checkpoints are Tunix's own (orbax v1, checkpoints/<step>/{model_params,optimizer_state}); PeftTrainer
resumes from the latest one there by itself. A run started with resume_from_path gets that folder
hard-linked into its own checkpoints/ first (copied where links are impossible), so Tunix finds it.
On SIGTERM the train stream ends, PeftTrainer leaves its loop and its close() saves the step reached.
"""

from __future__ import annotations

import math
import os
import shutil
import time

import jax
import optax

from tunix_rt_trainer import __version__
from tunix_rt_trainer.batching import EpochPlanner, bucket_lengths
from tunix_rt_trainer.config import ConfigError, RunConfig
from tunix_rt_trainer.examples import load_examples
from tunix_rt_trainer.jax_backend.checkpoint import checkpoint_steps
from tunix_rt_trainer.metrics import MetricsWriter
from tunix_rt_trainer.signals import StopFlag
from tunix_rt_trainer.tunix_backend.batches import TrainStream, eval_list, model_inputs
from tunix_rt_trainer.tunix_backend.metrics_backend import JsonlBackend, written_evals
from tunix_rt_trainer.tunix_backend.models import load_model, make_mesh, mesh_context


def log(msg: str) -> None:
    print(msg, flush=True)


def seed_from(resume_from, checkpoints_dir) -> None:
    """Puts the resume_from_path checkpoint into this run's checkpoints/ (hard links, else a copy)."""
    if checkpoint_steps(checkpoints_dir) or resume_from is None:
        return
    if not resume_from.is_dir() or not resume_from.name.isdigit():
        raise ConfigError(f"resume_from_path {resume_from} is not a checkpoints/<step> folder")
    target = checkpoints_dir / resume_from.name
    checkpoints_dir.mkdir(parents=True, exist_ok=True)
    try:
        shutil.copytree(resume_from, target, copy_function=os.link)
    except OSError:
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(resume_from, target)
    log(f"resuming from {resume_from} (linked as checkpoints/{resume_from.name})")


def eval_timer(stream: TrainStream, at_end=None):
    """Training hooks that hand the time of each evaluation to the stream, so that tokens/s counts
    training only (PeftTrainer evaluates between two batches of the stream); `at_end(trainer)` runs
    when the loop ends, before PeftTrainer closes its metrics logger."""
    from tunix.sft import hooks

    class EvalTimer(hooks.TrainingHooks):
        started: float | None = None

        def on_eval_step_start(self, train_ctx):
            if self.started is None:  # called per eval batch; the first one opens the interval
                self.started = time.perf_counter()

        def on_eval_step_end(self, train_ctx, eval_loss):  # called once, after the eval loop
            if self.started is not None:
                stream.exclude(time.perf_counter() - self.started)
            self.started = None

        def on_train_step_start(self, train_ctx):
            self.started = None  # an eval that ended without on_eval_step_end (no eval batches)

        def on_train_start(self, train_ctx):
            pass

        def on_train_end(self, train_ctx):
            if at_end is not None:
                at_end(train_ctx)

        def on_train_step_end(self, train_ctx, train_step, train_loss):
            pass

    return EvalTimer()


def final_eval(evals, eval_every: int | None, stop: StopFlag):
    """PeftTrainer evaluates at the start and every `eval_every` steps; the docs promise one at the
    end too. When the last step was not an evaluation step (and the run was not stopped by a
    signal, which must exit promptly), this evaluates once more with the trainer's own eval step."""

    def run(trainer) -> None:
        steps = int(trainer.train_steps)
        if not evals or stop.stopped or (eval_every and steps % eval_every == 0):
            return
        _, eval_step = trainer.jit_train_and_eval_step(False, True)  # the compiled step train() used
        trainer._run_eval(evals, eval_step)

    return run


def metrics_options(options_cls, log_dir: str, factory):
    """MetricsLoggerOptions whose only backend is ours. Tunix 0.1.8 takes backend factories as
    backend_kwargs={"custom_backend": [...]}; earlier 0.1.x named the field backend_factories."""
    import dataclasses

    fields = {f.name for f in dataclasses.fields(options_cls)}
    if "backend_kwargs" in fields:
        return options_cls(log_dir=log_dir, backend_kwargs={"custom_backend": [factory]})
    if "backend_factories" in fields:
        return options_cls(log_dir=log_dir, backend_factories=[factory])
    raise RuntimeError("this Tunix's MetricsLoggerOptions takes no custom backend; use Tunix 0.1.7 or later")


def make_checkpointing_options(save_every: int | None, keep: int):
    from tunix.sft import checkpoint_options

    opts = {"save_interval_steps": save_every or 10**9, "max_to_keep": keep, "enable_async_checkpointing": True}
    if hasattr(checkpoint_options, "checkpointing_options_from_dict"):
        return checkpoint_options.checkpointing_options_from_dict(opts)
    import orbax.checkpoint as ocp  # older Tunix took Orbax's manager options

    # Orbax's default decision policy also saves the first step (an undocumented checkpoints/1):
    # only the interval, the end of training and SIGTERM save.
    policies = getattr(ocp.checkpoint_managers, "FixedIntervalPolicy", None)
    extra = {"save_decision_policy": policies(opts["save_interval_steps"])} if policies else {}
    return ocp.CheckpointManagerOptions(save_interval_steps=opts["save_interval_steps"], max_to_keep=keep, **extra)


def skip_off_interval_saves(manager, every: int | None) -> None:
    """Tunix's CheckpointManager.save runs every step and gathers the whole model and optimizer
    state (nnx.state, a tree map) before Orbax's policy says no: milliseconds of host time per step
    that a bare loop without checkpoints never pays. Our policy is a fixed interval, so a step off
    it is answered here first; forced saves (the end of training, a stop) pass through untouched."""
    save = manager.save

    def save_on_interval(step, *args, force=False, **kwargs):
        if not force and (not every or step % every != 0):
            return False
        return save(step, *args, force=force, **kwargs)

    manager.save = save_on_interval


def train(cfg: RunConfig, stop: StopFlag) -> int:
    from tunix.sft import metrics_logger, peft_trainer

    t0 = time.time()
    opts = cfg.trainer_options
    mesh = make_mesh(opts)
    loaded = load_model(cfg, mesh, log)
    codec = loaded.codec
    overlength = opts.get("overlength", "truncate")
    encode = codec.encode
    train_ex, tstats = load_examples(
        cfg.train_path, encode, bos_id=codec.bos, max_len=cfg.max_seq_length, overlength=overlength
    )
    if not train_ex:
        raise ConfigError(f"no usable training examples in {cfg.train_path} ({tstats.describe()})")
    log(f"train data: {tstats.describe()}")
    val_ex = []
    if cfg.val_path:
        val_ex, vstats = load_examples(
            cfg.val_path, encode, bos_id=codec.bos, max_len=cfg.max_seq_length, overlength=overlength
        )
        log(f"val data: {vstats.describe()}")

    buckets = bucket_lengths(cfg.max_seq_length, int(opts.get("min_bucket", 128)))
    planner = EpochPlanner([len(e) for e in train_ex], cfg.batch_size, cfg.seed)
    # max_steps, the LR schedule and PeftTrainer's step count optimizer updates; with gradient
    # accumulation each update takes `accum` batches of the planner's epochs.
    accum = int(opts.get("gradient_accumulation_steps") or 1)
    total_steps = cfg.max_steps or max(1, planner.total_steps(cfg.num_epochs) // accum)
    schedule = optax.warmup_cosine_decay_schedule(
        0.0,
        cfg.learning_rate,
        cfg.warmup_steps,
        max(total_steps, cfg.warmup_steps + 1),
        cfg.learning_rate * float(opts.get("end_lr_ratio", 0.1)),
    )
    max_norm = float(opts.get("max_grad_norm", 1.0))

    def make_tx(learning_rate):
        return optax.chain(
            optax.clip_by_global_norm(max_norm), optax.adamw(learning_rate, weight_decay=cfg.weight_decay)
        )

    # inject_hyperparams outermost: PeftTrainer reads opt_state.hyperparams["learning_rate"] to log it.
    optimizer = optax.inject_hyperparams(make_tx)(learning_rate=schedule)

    seed_from(cfg.resume_from_path, cfg.checkpoints_dir)
    log_every = int(opts.get("log_every_steps", 10))
    already = written_evals(cfg.metrics_path)  # before anything of this attempt is written
    writer = MetricsWriter(cfg.metrics_path)
    training_config = peft_trainer.TrainingConfig(
        eval_every_n_steps=cfg.eval_every_steps or 10**9,
        max_steps=total_steps,
        gradient_accumulation_steps=accum if accum > 1 else None,
        checkpoint_root_directory=str(cfg.checkpoints_dir.resolve()),  # Orbax needs an absolute path
        checkpointing_options=make_checkpointing_options(cfg.save_every_steps, int(opts.get("keep_checkpoints", 3))),
        metrics_logging_options=metrics_options(
            metrics_logger.MetricsLoggerOptions,
            str(cfg.run_dir / "tensorboard"),
            lambda: JsonlBackend(writer, echo_every=log_every, echo=log, skip=already),
        ),
        data_sharding_axis=tuple(opts.get("data_sharding_axis", ("fsdp",))),
        pbar_description=None,
    )
    pad = codec.pad

    def gen_model_input_fn(x):
        return model_inputs(x.input_tokens, x.input_mask, pad, xp=jax.numpy)

    wrap = lambda a: peft_trainer.TrainingInput(**a)  # noqa: E731
    with mesh_context(mesh):
        trainer = peft_trainer.PeftTrainer(loaded.model, optimizer, training_config).with_gen_model_input_fn(
            gen_model_input_fn
        )
        skip_off_interval_saves(trainer.checkpoint_manager, cfg.save_every_steps)
        start = int(trainer.train_steps)
        stream = TrainStream(
            train_ex,
            planner,
            buckets,
            pad,
            wrap,
            should_stop=lambda: stop.stopped,
            report=lambda step, tps: writer.add(step, "train/tokens_per_second", tps),
            report_every=log_every,
            skip=int(getattr(trainer, "iter_steps", start)),
            accum=accum,
        )
        evals = eval_list(val_ex, cfg.batch_size, buckets, pad, wrap) if val_ex else None
        trainer.with_training_hooks(eval_timer(stream, final_eval(evals, cfg.eval_every_steps, stop)))
        log(
            f"tunix backend {__version__}: {loaded.describe}, {'LoRA' if loaded.lora else 'full fine-tuning'}, "
            f"mesh {dict(mesh.shape)}; {total_steps} steps of batch {cfg.batch_size}, lr {cfg.learning_rate:g}"
            + (f"; resumed at step {start}" if start else "")
        )
        if start < total_steps and not stop.stopped:
            trainer.train(stream, evals)
        else:
            trainer.close()
        step = int(trainer.train_steps)
    writer.flush()
    last = _last(cfg.metrics_path, "train/loss")
    if stop.stopped:
        log(f"stopped by signal at step {step}; checkpoint checkpoints/{step} saved; exiting {stop.exit_code()}")
        return stop.exit_code()
    log(
        f"done: {step} steps in {time.time() - t0:.1f} s"
        + (f", last train/loss {last:.4f}" if last is not None and math.isfinite(last) else "")
    )
    return 0


def _last(path, name: str) -> float | None:
    import json

    value = None
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                p = json.loads(line)
                if p.get("name") == name:
                    value = p["value"]
    except (OSError, ValueError):
        return None
    return value
