"""`train` for the jax backend: the run.json-driven loop (docs/trainers.md has the options)."""

from __future__ import annotations

import math
import time

import jax
import jax.numpy as jnp
import numpy as np
from flax import nnx
from jax.sharding import NamedSharding, PartitionSpec

from tunix_rt_trainer import __version__
from tunix_rt_trainer.batching import EpochPlanner, bucket_lengths, eval_batches, iterate_batches, prefetch
from tunix_rt_trainer.config import ConfigError, RunConfig
from tunix_rt_trainer.examples import load_examples
from tunix_rt_trainer.jax_backend import checkpoint as ckpt
from tunix_rt_trainer.jax_backend.model import ModelConfig, config_for, create, param_count
from tunix_rt_trainer.jax_backend.steps import build_steps, make_optimizer
from tunix_rt_trainer.metrics import MetricsWriter
from tunix_rt_trainer.signals import StopFlag
from tunix_rt_trainer.tokenizer import ByteTokenizer


def log(msg: str) -> None:
    print(msg, flush=True)


def _shardings(batch_size: int, enabled: bool):
    """Data parallelism over every local device when the batch splits evenly; else one device."""
    devices = jax.local_devices()
    if not enabled or len(devices) < 2 or batch_size % len(devices):
        return None, None
    mesh = jax.sharding.Mesh(np.asarray(devices), ("data",))
    return NamedSharding(mesh, PartitionSpec("data")), NamedSharding(mesh, PartitionSpec())


class Window:
    """Training metrics accumulated between two log lines."""

    def __init__(self):
        self.loss_sum = self.count = self.grad_sum = 0.0
        self.steps = self.tokens = 0
        self.lr = 0.0
        self.started = None

    def add(self, m: dict, n_tokens: int) -> None:
        self.loss_sum += float(m["loss_sum"])
        self.count += float(m["count"])
        self.grad_sum += float(m["grad_norm"])
        self.lr = float(m["lr"])
        self.steps += 1
        self.tokens += n_tokens


def train(cfg: RunConfig, stop: StopFlag) -> int:
    t0 = time.time()
    tok = ByteTokenizer()
    try:
        mcfg = config_for(cfg.model_id, cfg.option("model"))
    except ValueError as e:
        raise ConfigError(str(e)) from None
    if cfg.option("dtype"):
        mcfg = ModelConfig.from_dict({**mcfg.to_dict(), "dtype": cfg.option("dtype")})
    overlength = cfg.option("overlength", "truncate")
    train_ex, tstats = load_examples(
        cfg.train_path, tok.encode, bos_id=tok.bos_id, max_len=cfg.max_seq_length, overlength=overlength
    )
    if not train_ex:
        raise ConfigError(f"no usable training examples in {cfg.train_path} ({tstats.describe()})")
    log(f"train data: {tstats.describe()} (byte tokens, max_seq_length {cfg.max_seq_length})")
    val_ex = []
    if cfg.val_path:
        val_ex, vstats = load_examples(
            cfg.val_path, tok.encode, bos_id=tok.bos_id, max_len=cfg.max_seq_length, overlength=overlength
        )
        log(f"val data: {vstats.describe()}")
    max_eval = cfg.option("max_eval_examples")
    if max_eval:
        val_ex = val_ex[: int(max_eval)]

    pack = bool(cfg.option("packing", False))
    buckets = bucket_lengths(cfg.max_seq_length, int(cfg.option("min_bucket", 32)))
    planner = EpochPlanner(
        [len(e) for e in train_ex], cfg.batch_size, cfg.seed, pack_length=cfg.max_seq_length if pack else None
    )
    total_steps = cfg.max_steps or planner.total_steps(cfg.num_epochs)

    model = create(mcfg, cfg.seed)
    graphdef, params = nnx.split(model)
    del model
    tx, schedule = make_optimizer(
        cfg.learning_rate,
        cfg.warmup_steps,
        total_steps,
        cfg.weight_decay,
        max_grad_norm=float(cfg.option("max_grad_norm", 1.0)),
        b2=float(cfg.option("adam_b2", 0.99)),
        end_ratio=float(cfg.option("end_lr_ratio", 0.1)),
    )
    opt_state = tx.init(params)
    batch_sharding, replicated = _shardings(cfg.batch_size, bool(cfg.option("data_parallel", True)))
    if replicated is not None:
        params, opt_state = jax.device_put((params, opt_state), replicated)

    start_step, source = 0, None
    own = ckpt.checkpoint_steps(cfg.checkpoints_dir)
    if own:
        source = cfg.checkpoints_dir / str(own[-1])
    elif cfg.resume_from_path:
        if not cfg.resume_from_path.is_dir():
            raise ConfigError(f"resume_from_path {cfg.resume_from_path} does not exist")
        source = cfg.resume_from_path
    if source is not None:
        params, opt_state, meta = ckpt.restore(source, params, opt_state)
        if meta.get("model_config") and ModelConfig.from_dict(meta["model_config"]) != mcfg:
            raise ConfigError(f"checkpoint {source} is a different model ({meta['model_config']}) than {cfg.model_id}")
        start_step = int(meta["step"])
        log(f"resumed from {source} at step {start_step}")

    devices = jax.devices()
    log(
        f"jax backend {__version__}: model {cfg.model_id} ({param_count(params) / 1e6:.2f}M params, "
        f"d_model {mcfg.d_model}, {mcfg.n_layers} layers), {len(devices)} {devices[0].platform} device(s)"
        f"{', data parallel' if replicated is not None else ''}; {total_steps} steps of batch {cfg.batch_size}"
        f" ({planner.steps_in(0)} steps/epoch{', packed' if pack else ''}),"
        f" lr {cfg.learning_rate:g}, warmup {cfg.warmup_steps}"
    )

    train_step, eval_step = build_steps(graphdef, tx, schedule)
    metrics = MetricsWriter(cfg.metrics_path)
    writer = ckpt.CheckpointWriter(cfg.checkpoints_dir, cfg.option("keep_checkpoints", 3))
    meta_base = {
        "trainer": "jax",
        "version": __version__,
        "model_id": cfg.model_id,
        "model_config": mcfg.to_dict(),
        "tokenizer": tok.describe(),
        "seed": cfg.seed,
        "max_seq_length": cfg.max_seq_length,
    }
    put = (lambda a: jax.device_put(a, batch_sharding)) if batch_sharding is not None else jax.device_put
    eval_set = [(put(b.arrays()), b.n_targets) for b in eval_batches(val_ex, cfg.batch_size, buckets, tok.pad_id)]
    last_eval = [-1]

    def run_eval(step: int) -> None:
        total = count = 0.0
        started = time.time()
        sums = []
        for arrays, _ in eval_set:
            if stop.stopped:
                return
            sums.append(eval_step(params, arrays))
        for s, c in jax.device_get(sums):
            total += float(s)
            count += float(c)
        loss = total / max(count, 1.0)
        metrics.add_many(step, {"eval/loss": loss, "eval/perplexity": math.exp(min(loss, 50.0))})
        metrics.flush()
        last_eval[0] = step
        log(
            f"eval step {step}: loss {loss:.4f} ppl {math.exp(min(loss, 50.0)):.3f}"
            f" ({len(eval_set)} batches, {time.time() - started:.1f} s)"
        )

    def save(step: int) -> None:
        if writer.save(
            step, params, opt_state, {**meta_base, "step": step, "epoch": planner.locate(max(step - 1, 0))[0]}
        ):
            log(f"checkpoint: checkpoints/{step}")

    if start_step >= total_steps:
        log(f"already at step {start_step} of {total_steps}: nothing to train")
    elif eval_set and start_step == 0 and cfg.option("eval_at_start", True):
        run_eval(0)

    log_every = max(1, int(cfg.option("log_every_steps", 10)))
    window, pending = Window(), None
    step = start_step
    feed = prefetch(
        (
            (s, put(b.arrays()), b.n_tokens)
            for s, b in iterate_batches(train_ex, planner, buckets, tok.pad_id, start_step)
        ),
        size=int(cfg.option("prefetch", 2)),
    )

    def settle() -> None:
        """Waits for the step in flight (the one before the step just dispatched) and books its metrics."""
        nonlocal pending
        if pending is None:
            return
        m, n_tokens, first = pending
        m = jax.device_get(m)
        if first:  # its time is mostly compilation: loss yes, throughput no
            window.loss_sum += float(m["loss_sum"])
            window.count += float(m["count"])
            window.grad_sum += float(m["grad_norm"])
            window.lr = float(m["lr"])
            window.steps += 1
            window.started = time.time()
        else:
            window.add(m, n_tokens)
        pending = None

    def flush_window(step: int) -> None:
        nonlocal window
        settle()
        if not window.steps:
            return
        loss = window.loss_sum / max(window.count, 1.0)
        values = {
            "train/loss": loss,
            "train/perplexity": math.exp(min(loss, 50.0)),
            "train/learning_rate": window.lr,
            "train/grad_norm": window.grad_sum / window.steps,
        }
        now = time.time()
        tps = (
            window.tokens / (now - window.started)
            if window.started and window.tokens and now > window.started
            else None
        )
        if tps:
            values["train/tokens_per_second"] = tps
        metrics.add_many(step, values, now)
        metrics.flush()
        if metrics.skipped_non_finite:
            log(f"warning: {metrics.skipped_non_finite} non-finite metric values skipped (loss diverged?)")
            metrics.skipped_non_finite = 0
        log(
            f"step {step}/{total_steps} loss {loss:.4f} ppl {values['train/perplexity']:.3f} lr {window.lr:.2e} "
            f"grad {values['train/grad_norm']:.3f}"
            + (f" tok/s {tps:,.0f}" if tps else "")
            + f" elapsed {now - t0:.0f}s"
        )
        window = Window()
        window.started = now

    first = True
    try:
        for s, arrays, n_tokens in feed:
            if s >= total_steps or stop.stopped:
                break
            params, opt_state, m = train_step(params, opt_state, arrays, jnp.int32(s))
            settle()  # the previous step, while this one runs
            pending = (m, n_tokens, first)
            first = False
            step = s + 1
            if step % log_every == 0 or step == total_steps:
                flush_window(step)
            if cfg.save_every_steps and step % cfg.save_every_steps == 0:
                save(step)
            if eval_set and cfg.eval_every_steps and step % cfg.eval_every_steps == 0:
                run_eval(step)
    finally:
        feed.close()
    flush_window(step)

    if stop.stopped:
        save(step)
        writer.close()
        metrics.flush()
        log(f"stopped by signal at step {step}; checkpoint checkpoints/{step} saved; exiting {stop.exit_code()}")
        return stop.exit_code()

    if eval_set and last_eval[0] != step and step > start_step:
        run_eval(step)
    save(step)
    writer.close()
    ckpt.export_model(cfg.run_dir / "model", params, {**meta_base, "step": step})
    metrics.flush()
    log(f"done: {step} steps in {time.time() - t0:.1f} s; final model in model/")
    return 0
