"""`predict` for the jax backend: batched greedy decoding with a KV cache, the whole generation of a
batch in one jitted call (prefill, then a while_loop of one-token steps that ends when every row has
produced <end_of_turn> or <eos>, or after max_new_tokens)."""

from __future__ import annotations

import functools
import time
from pathlib import Path

import jax
import jax.numpy as jnp
import numpy as np
from flax import nnx

from tunix_rt_trainer.batching import bucket_for, bucket_lengths
from tunix_rt_trainer.config import ConfigError, load_run_config
from tunix_rt_trainer.jax_backend import checkpoint as ckpt
from tunix_rt_trainer.jax_backend.model import ModelConfig, Transformer, config_for, create, init_cache
from tunix_rt_trainer.predictions import Predictions
from tunix_rt_trainer.tokenizer import ByteTokenizer


def load_params(checkpoint: str, run_dir: Path) -> tuple[ModelConfig, object, object, str]:
    """(model config, graphdef, params, description). `init` means the untrained model of run.json
    (its model_id and seed): the baseline a trained checkpoint is compared with."""
    if checkpoint == "init":
        cfg = load_run_config(run_dir, need_data=False)
        try:
            mcfg = config_for(cfg.model_id, cfg.option("model"))
        except ValueError as e:
            raise ConfigError(str(e)) from None
        graphdef, params = nnx.split(create(mcfg, cfg.seed))
        return mcfg, graphdef, params, f"untrained {cfg.model_id} (seed {cfg.seed})"
    path = Path(checkpoint)
    if not path.is_absolute() and not path.exists():
        path = run_dir / checkpoint
    if not path.is_dir():
        raise ConfigError(f"checkpoint {checkpoint} not found")
    meta = ckpt.read_meta(path)
    mcfg = ModelConfig.from_dict(meta["model_config"])
    graphdef, abstract_params = nnx.split(nnx.eval_shape(lambda: Transformer(mcfg, rngs=nnx.Rngs(0))))
    params, _, meta = ckpt.restore(path, abstract_params)
    return mcfg, graphdef, params, f"{path} (step {meta.get('step')})"


def make_generate(graphdef, mcfg: ModelConfig, stop_ids: tuple[int, ...], pad_id: int):
    @functools.partial(jax.jit, static_argnames=("max_new",))
    def generate(params, prompt, valid, max_new: int):
        b, p = prompt.shape
        s = p + max_new
        model = nnx.merge(graphdef, params)
        cache = init_cache(mcfg, b, s)
        key_valid = jnp.concatenate([valid, jnp.ones((b, max_new), jnp.bool_)], axis=1)
        lengths = valid.sum(axis=1).astype(jnp.int32)
        slots = jnp.arange(s)
        positions = jnp.maximum(jnp.cumsum(valid, axis=1) - 1, 0).astype(jnp.int32)
        mask = (slots[None, None, :] <= jnp.arange(p)[None, :, None]) & key_valid[:, None, :]
        logits, cache = model(prompt, positions, mask, cache, 0)
        stops = jnp.asarray(stop_ids, jnp.int32)

        def cond(state):
            t, _, _, _, done = state
            return (t < max_new) & ~jnp.all(done)

        def body(state):
            t, token, cache, out, done = state
            out = out.at[:, t].set(jnp.where(done, pad_id, token))
            done = done | jnp.isin(token, stops)
            m = (slots[None, None, :] <= p + t) & key_valid[:, None, :]
            logits, cache = model(token[:, None], (lengths + t)[:, None], m, cache, p + t)
            return t + 1, jnp.argmax(logits[:, -1], axis=-1).astype(jnp.int32), cache, out, done

        state = (
            jnp.int32(0),
            jnp.argmax(logits[:, -1], axis=-1).astype(jnp.int32),
            cache,
            jnp.full((b, max_new), pad_id, jnp.int32),
            jnp.zeros((b,), jnp.bool_),
        )
        return jax.lax.while_loop(cond, body, state)[3]

    return generate


def cut(ids, stop_ids) -> list[int]:
    out = []
    for i in ids:
        if int(i) in stop_ids:
            break
        out.append(int(i))
    return out


def predict(
    run_dir: Path,
    checkpoint: str,
    prompts: list[tuple[str, str]],
    output: Path,
    *,
    max_new_tokens: int = 256,
    batch_size: int = 16,
    progress_file: Path | None = None,
    log=print,
) -> int:
    tok = ByteTokenizer()
    mcfg, graphdef, params, described = load_params(checkpoint, run_dir)
    stop_ids = (tok.end_of_turn_id, tok.eos_id)
    generate = make_generate(graphdef, mcfg, stop_ids, tok.pad_id)
    encoded = [[tok.bos_id, *tok.encode(p)] for _, p in prompts]
    longest = max((len(e) for e in encoded), default=1)
    buckets = bucket_lengths(max(32, longest), 32)
    order = sorted(range(len(prompts)), key=lambda i: len(encoded[i]))
    results = Predictions(len(prompts), output, progress_file)
    started = time.time()
    log(f"predicting {len(prompts)} prompts with {described}, greedy, max {max_new_tokens} new tokens")
    for at in range(0, len(order), batch_size):
        idx = order[at : at + batch_size]
        p = bucket_for(max(len(encoded[i]) for i in idx), buckets)
        prompt = np.full((batch_size, p), tok.pad_id, np.int32)
        valid = np.zeros((batch_size, p), bool)
        for r, i in enumerate(idx):  # left padding: every row's last prompt token sits at slot p-1
            e = encoded[i]
            prompt[r, p - len(e) :] = e
            valid[r, p - len(e) :] = True
        for r in range(len(idx), batch_size):  # filler rows keep the compiled shape
            prompt[r, -1], valid[r, -1] = tok.bos_id, True
        batch_started = time.time()
        out = np.asarray(generate(params, prompt, valid, max_new=max_new_tokens))
        rows = []
        for r, i in enumerate(idx):
            ids = cut(out[r], stop_ids)
            rows.append((i, tok.decode(ids), len(ids)))
        results.add_batch(rows, time.time() - batch_started)
        log(f"predicted {results.done}/{len(prompts)} ({results.rate:.1f} prompts/s)")
    results.write([pid for pid, _ in prompts])
    log(f"wrote {len(prompts)} predictions to {output} in {time.time() - started:.1f} s")
    return 0
