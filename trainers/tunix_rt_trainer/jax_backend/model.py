"""A small decoder-only transformer in Flax NNX: pre-norm blocks, RoPE, causal multi-head attention,
GELU MLP, embeddings tied to the output layer. One forward serves training (segment masks, for
packed rows), prefill and cached decoding (a KV cache written at a slot index)."""

from __future__ import annotations

import dataclasses

import jax
import jax.numpy as jnp
from flax import nnx

from tunix_rt_trainer.tokenizer import VOCAB_SIZE

MASK_VALUE = -1e9  # finite, so a fully masked (padding) row gives no NaN


@dataclasses.dataclass(frozen=True)
class ModelConfig:
    vocab_size: int = VOCAB_SIZE
    d_model: int = 96
    n_layers: int = 3
    n_heads: int = 4
    d_ff: int = 384
    rope_base: float = 10_000.0
    dtype: str = "float32"  # compute dtype; parameters stay float32

    @property
    def head_dim(self) -> int:
        return self.d_model // self.n_heads

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "ModelConfig":
        fields = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in fields})


# Named sizes for run.json's model_id. Parameter counts include the tied embedding.
SIZES: dict[str, ModelConfig] = {
    "micro": ModelConfig(d_model=32, n_layers=1, n_heads=2, d_ff=64),  # ~0.02M, for fast tests
    "tiny": ModelConfig(d_model=96, n_layers=3, n_heads=4, d_ff=384),  # ~0.36M
    "small": ModelConfig(d_model=256, n_layers=4, n_heads=8, d_ff=1024),  # ~3.2M
    "base": ModelConfig(d_model=384, n_layers=6, n_heads=6, d_ff=1536),  # ~10.8M
}


def config_for(model_id: str, overrides: dict | None = None) -> ModelConfig:
    """The named size for model_id (a `jax-` or `jax:` prefix is allowed), with trainer_options.model overrides."""
    name = model_id.removeprefix("jax:").removeprefix("jax-")
    if name not in SIZES:
        raise ValueError(f"unknown model_id {model_id!r} for the jax backend (known: {', '.join(SIZES)})")
    cfg = SIZES[name]
    if overrides:
        cfg = dataclasses.replace(cfg, **{k: v for k, v in overrides.items() if k in cfg.to_dict()})
    if cfg.d_model % cfg.n_heads or cfg.head_dim % 2:
        raise ValueError(f"d_model {cfg.d_model} must split into {cfg.n_heads} heads of even size")
    return cfg


def rope(x: jax.Array, positions: jax.Array, base: float) -> jax.Array:
    """Rotary position embedding; x [B, T, H, D], positions [B, T]."""
    half = x.shape[-1] // 2
    freq = base ** (-jnp.arange(half, dtype=jnp.float32) / half)
    angle = positions.astype(jnp.float32)[..., None, None] * freq  # [B, T, 1, half]
    sin, cos = jnp.sin(angle), jnp.cos(angle)
    x1, x2 = x[..., :half].astype(jnp.float32), x[..., half:].astype(jnp.float32)
    return jnp.concatenate([x1 * cos - x2 * sin, x2 * cos + x1 * sin], axis=-1).astype(x.dtype)


class Attention(nnx.Module):
    def __init__(self, cfg: ModelConfig, *, rngs: nnx.Rngs):
        dt = jnp.dtype(cfg.dtype)
        self.cfg = cfg
        self.qkv = nnx.Linear(cfg.d_model, 3 * cfg.d_model, use_bias=False, dtype=dt, rngs=rngs)
        self.out = nnx.Linear(
            cfg.d_model,
            cfg.d_model,
            use_bias=False,
            dtype=dt,
            rngs=rngs,
            kernel_init=nnx.initializers.normal(0.02 / (2 * cfg.n_layers) ** 0.5),
        )

    def __call__(self, x, positions, mask, kv=None, write_index=None):
        b, t, _ = x.shape
        h, d = self.cfg.n_heads, self.cfg.head_dim
        q, k, v = jnp.split(self.qkv(x).reshape(b, t, 3 * h, d), 3, axis=2)
        q, k = rope(q, positions, self.cfg.rope_base), rope(k, positions, self.cfg.rope_base)
        if kv is not None:  # write this chunk into the cache, attend to the whole cache
            ck, cv = kv
            k = jax.lax.dynamic_update_slice(ck, k.astype(ck.dtype), (0, write_index, 0, 0))
            v = jax.lax.dynamic_update_slice(cv, v.astype(cv.dtype), (0, write_index, 0, 0))
            kv = (k, v)
        scores = jnp.einsum("bthd,bshd->bhts", q, k).astype(jnp.float32) / jnp.sqrt(jnp.float32(d))
        scores = jnp.where(mask[:, None, :, :], scores, MASK_VALUE)
        probs = jax.nn.softmax(scores, axis=-1).astype(v.dtype)
        y = jnp.einsum("bhts,bshd->bthd", probs, v).reshape(b, t, h * d)
        return self.out(y), kv


class Block(nnx.Module):
    def __init__(self, cfg: ModelConfig, *, rngs: nnx.Rngs):
        dt = jnp.dtype(cfg.dtype)
        self.norm1 = nnx.RMSNorm(cfg.d_model, rngs=rngs)
        self.attn = Attention(cfg, rngs=rngs)
        self.norm2 = nnx.RMSNorm(cfg.d_model, rngs=rngs)
        self.up = nnx.Linear(cfg.d_model, cfg.d_ff, dtype=dt, rngs=rngs)
        self.down = nnx.Linear(
            cfg.d_ff,
            cfg.d_model,
            dtype=dt,
            rngs=rngs,
            kernel_init=nnx.initializers.normal(0.02 / (2 * cfg.n_layers) ** 0.5),
        )

    def __call__(self, x, positions, mask, kv=None, write_index=None):
        a, kv = self.attn(self.norm1(x), positions, mask, kv, write_index)
        x = x + a
        x = x + self.down(jax.nn.gelu(self.up(self.norm2(x))))
        return x, kv


class Transformer(nnx.Module):
    def __init__(self, cfg: ModelConfig, *, rngs: nnx.Rngs):
        self.cfg = cfg
        self.embed = nnx.Embed(
            cfg.vocab_size,
            cfg.d_model,
            dtype=jnp.dtype(cfg.dtype),
            rngs=rngs,
            embedding_init=nnx.initializers.normal(0.02),
        )
        self.blocks = nnx.List([Block(cfg, rngs=rngs) for _ in range(cfg.n_layers)])
        self.norm = nnx.RMSNorm(cfg.d_model, rngs=rngs)

    def __call__(self, tokens, positions, mask, cache=None, write_index=None):
        """tokens/positions [B, T]; mask [B, T, S] (S = T, or the cache length); cache = (k, v) each
        [L, B, S, H, D] or None. Returns float32 logits [B, T, V] and the updated cache."""
        x = self.embed(tokens)
        new_k, new_v = [], []
        for i, block in enumerate(self.blocks):
            kv = None if cache is None else (cache[0][i], cache[1][i])
            x, kv = block(x, positions, mask, kv, write_index)
            if kv is not None:
                new_k.append(kv[0])
                new_v.append(kv[1])
        logits = self.embed.attend(self.norm(x)).astype(jnp.float32)
        return logits, (None if cache is None else (jnp.stack(new_k), jnp.stack(new_v)))


def init_cache(cfg: ModelConfig, batch: int, length: int):
    shape = (cfg.n_layers, batch, length, cfg.n_heads, cfg.head_dim)
    dt = jnp.dtype(cfg.dtype)
    return jnp.zeros(shape, dt), jnp.zeros(shape, dt)


def segment_mask(segment_ids: jax.Array) -> jax.Array:
    """Causal attention within each segment (packed rows); segment 0 is padding. [B, T] -> [B, T, T]."""
    t = segment_ids.shape[1]
    causal = jnp.tril(jnp.ones((t, t), dtype=jnp.bool_))
    same = segment_ids[:, :, None] == segment_ids[:, None, :]
    return causal[None] & same & (segment_ids[:, None, :] != 0)


def create(cfg: ModelConfig, seed: int) -> Transformer:
    return Transformer(cfg, rngs=nnx.Rngs(params=seed))


def param_count(params) -> int:
    return int(sum(x.size for x in jax.tree.leaves(params)))
