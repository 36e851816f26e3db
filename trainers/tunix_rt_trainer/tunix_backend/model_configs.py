"""Which Tunix ModelConfig a run means: a Gemma name matched to Tunix's named configs, a Hugging
Face `config.json`, and a randomly initialised model of that architecture (throughput checks)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import jax.numpy as jnp
from flax import nnx

from tunix_rt_trainer.config import ConfigError


def normalise(model_id: str) -> str:
    n = model_id.lower().split("/")[-1]
    n = n.replace("gemma-3", "gemma3").replace("gemma-2", "gemma2").replace("gemma-1.1", "gemma1p1")
    return n.replace("-", "_").replace(".", "_")


def config_for(family_module, name: str):
    cls = family_module.ModelConfig
    for cand in (name, f"{name}_it", name.removesuffix("_it"), name.removesuffix("_pt")):
        if hasattr(cls, cand):
            return cand, getattr(cls, cand)()
    known = sorted(a for a in dir(cls) if a.startswith("gemma") and not a.startswith("_"))
    raise ConfigError(f"no Tunix config for {name!r} (known: {', '.join(known)})")


def config_from_hf(family_module, config_json: Path):
    """A Tunix ModelConfig built from a Hugging Face `config.json` (Gemma 3: `text_config` when the
    checkpoint is multimodal), for checkpoints that match none of Tunix's named configs: a
    fine-tuned or resized Gemma, or the tiny ones the tests write."""
    import json

    raw = json.loads(config_json.read_text(encoding="utf-8"))
    c = raw.get("text_config") or raw
    try:
        fields = {
            "num_layers": int(c["num_hidden_layers"]),
            "num_embed": int(c["vocab_size"]),
            "embed_dim": int(c["hidden_size"]),
            "hidden_dim": int(c["intermediate_size"]),
            "num_heads": int(c["num_attention_heads"]),
            "head_dim": int(c.get("head_dim") or c["hidden_size"] // c["num_attention_heads"]),
            "num_kv_heads": int(c.get("num_key_value_heads") or c["num_attention_heads"]),
        }
    except KeyError as e:
        raise ConfigError(f"{config_json}: no {e.args[0]}; not a Gemma config.json") from None
    known = {f.name for f in dataclasses.fields(family_module.ModelConfig)}
    extra = {
        "sliding_window_size": c.get("sliding_window"),
        "local_base_frequency": c.get("rope_local_base_freq"),
        "global_base_frequency": c.get("rope_theta"),
        "param_dtype": jnp.float32 if c.get("torch_dtype") == "float32" else None,
    }
    fields.update({k: v for k, v in extra.items() if v is not None and k in known})
    return family_module.ModelConfig(**{k: v for k, v in fields.items() if k in known})


def random_model(family_module, mcfg, seed: int, dtype, context):
    """The architecture with random weights in `dtype` (Gemma 3's config carries its parameter dtype)."""
    if "param_dtype" in {f.name for f in dataclasses.fields(mcfg)}:
        mcfg = dataclasses.replace(mcfg, param_dtype=dtype)
    cls = getattr(family_module, "Gemma3", None) or family_module.Gemma
    with context:
        return cls(mcfg, rngs=nnx.Rngs(seed))
