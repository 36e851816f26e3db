"""The jitted pieces of the jax backend: loss, train step, eval step, optimizer and its schedule."""

from __future__ import annotations

import functools
import math

import jax
import jax.numpy as jnp
import optax
from flax import nnx

from tunix_rt_trainer.jax_backend.model import segment_mask


def lr_schedule(peak: float, warmup_steps: int, total_steps: int, end_ratio: float = 0.1):
    """Linear warmup to `peak` (the first step already gets peak/warmup), then cosine decay to
    end_ratio * peak at total_steps."""
    decay = max(1, total_steps - warmup_steps)

    def schedule(step):
        step = jnp.asarray(step, jnp.float32)
        warm = peak * jnp.minimum(1.0, (step + 1.0) / max(1, warmup_steps)) if warmup_steps else peak
        progress = jnp.clip((step - warmup_steps) / decay, 0.0, 1.0)
        cosine = peak * (end_ratio + (1 - end_ratio) * 0.5 * (1 + jnp.cos(math.pi * progress)))
        return jnp.where(step < warmup_steps, warm, cosine)

    return schedule


def make_optimizer(peak_lr, warmup_steps, total_steps, weight_decay, *, max_grad_norm=1.0, b2=0.99, end_ratio=0.1):
    schedule = lr_schedule(peak_lr, warmup_steps, total_steps, end_ratio)
    decay_mask = lambda params: jax.tree.map(lambda x: x.ndim >= 2, params)  # no decay on norms and biases
    parts = [optax.clip_by_global_norm(max_grad_norm)] if max_grad_norm else []
    parts.append(optax.adamw(schedule, b1=0.9, b2=b2, eps=1e-8, weight_decay=weight_decay, mask=decay_mask))
    return optax.chain(*parts), schedule


def loss_terms(graphdef, params, batch):
    """Sum of the completion tokens' negative log-likelihood and their count."""
    model = nnx.merge(graphdef, params)
    tokens, segments = batch["tokens"], batch["segments"]
    logits, _ = model(tokens, batch["positions"], segment_mask(segments))
    logp = jax.nn.log_softmax(logits[:, :-1], axis=-1)
    nll = -jnp.take_along_axis(logp, tokens[:, 1:, None], axis=-1)[..., 0]
    weight = (batch["mask"][:, 1:] * (segments[:, 1:] == segments[:, :-1])).astype(jnp.float32)
    return jnp.sum(nll * weight), jnp.sum(weight)


def build_steps(graphdef, tx, schedule):
    @functools.partial(jax.jit, donate_argnums=(0, 1))
    def train_step(params, opt_state, batch, step):
        def loss_fn(p):
            total, count = loss_terms(graphdef, p, batch)
            return total / jnp.maximum(count, 1.0), (total, count)

        (_, (total, count)), grads = jax.value_and_grad(loss_fn, has_aux=True)(params)
        grad_norm = optax.global_norm(grads)
        updates, opt_state = tx.update(grads, opt_state, params)
        params = optax.apply_updates(params, updates)
        return params, opt_state, {"loss_sum": total, "count": count, "grad_norm": grad_norm, "lr": schedule(step)}

    @jax.jit
    def eval_step(params, batch):
        return loss_terms(graphdef, params, batch)

    return train_step, eval_step
