"""Gemma models and tokenizers for the tunix backend (needs Tunix: import only after require()).

model_id picks the architecture: `tiny-gemma3` (random init, byte tokenizer, no weights needed) or a
Gemma 2 / Gemma 3 name (`gemma-3-1b-it`, `gemma3-1b`, `gemma-2-2b-it`, `google/gemma-3-270m`…),
matched to Tunix's `ModelConfig.<name>()`. trainer_options.model_path is the local weights folder:
HF safetensors (`*.safetensors` + tokenizer files), or the Kaggle/Orbax layout (an Orbax checkpoint
folder, with `tokenizer.model` beside it or at trainer_options.tokenizer_path).
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
from pathlib import Path
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np
from flax import nnx

from tunix_rt_trainer.config import ConfigError, RunConfig
from tunix_rt_trainer.tokenizer import ByteTokenizer
from tunix_rt_trainer.tunix_backend.model_configs import config_for, config_from_hf, normalise, random_model
from tunix_rt_trainer.tunix_backend.template import END_OF_TURN, MARKERS, check_marker_ids, encode_with_markers

LORA_MODULES = ".*q_einsum|.*kv_einsum|.*gate_proj|.*down_proj|.*up_proj|.*attn_vec_einsum"


@dataclasses.dataclass
class TextCodec:
    """What training and the sampler need from a tokenizer; encode() keeps turn markers as ids."""

    encode_plain: Any
    decode_ids: Any
    marker_ids: dict[str, int]
    bos: int
    eos: int
    pad: int
    kind: str

    def encode(self, text: str) -> list[int]:
        return encode_with_markers(text, self.encode_plain, self.marker_ids)

    def decode(self, ids) -> str:
        return self.decode_ids([int(i) for i in ids])

    # The methods Tunix's TokenizerAdapter looks for on a custom tokenizer.
    def bos_id(self) -> int:
        return self.bos

    def eos_id(self) -> int:
        return self.eos

    def pad_id(self) -> int:
        return self.pad

    @property
    def stop_ids(self) -> list[int]:
        return sorted({self.marker_ids[END_OF_TURN], self.eos})


@dataclasses.dataclass
class LoadedModel:
    model: Any
    codec: TextCodec
    family: str
    config: Any
    lora: bool
    describe: str


def make_mesh(options: dict):
    """trainer_options.mesh = {"shape": [fsdp, tp], "axis_names": ["fsdp", "tp"]}; default all devices on fsdp."""
    spec = options.get("mesh") or {}
    n = jax.device_count()
    shape = tuple(spec.get("shape") or (n, 1))
    names = tuple(spec.get("axis_names") or ("fsdp", "tp"))
    if int(np.prod(shape)) != n:
        raise ConfigError(f"mesh shape {shape} needs {int(np.prod(shape))} devices; {n} available")
    # Auto axes, as Tunix builds its meshes: newer JAX defaults to Explicit, under which the
    # models' with_sharding_constraint calls (and _shard below) become assertions and fail.
    axis_type = getattr(jax.sharding, "AxisType", None)
    if axis_type is not None:
        return jax.make_mesh(shape, names, axis_types=(axis_type.Auto,) * len(names))
    return jax.make_mesh(shape, names)


def mesh_context(mesh):
    """Makes `mesh` the ambient mesh. PeftTrainer (sharding of batches and optimizer state) and the
    models read the legacy `with mesh:` context (pxla.thread_resources), which jax.set_mesh alone
    leaves empty, so both are entered where JAX has set_mesh/use_mesh."""
    stack = contextlib.ExitStack()
    if hasattr(mesh, "__enter__"):
        stack.enter_context(mesh)
    for ctx in (getattr(jax, "set_mesh", None), getattr(jax.sharding, "use_mesh", None)):
        if ctx is not None:
            try:
                stack.enter_context(ctx(mesh))
                break
            except TypeError:
                continue
    return stack


def byte_codec() -> TextCodec:
    tok = ByteTokenizer()
    ids = {m: tok.encode(m)[0] for m in MARKERS}
    plain = lambda s: [i for i in tok.encode(s)]  # noqa: E731 - split already removed markers
    return TextCodec(plain, tok.decode, ids, tok.bos_id, tok.eos_id, tok.pad_id, "byte")


def load_codec(options: dict, model_path: Path | None) -> TextCodec:
    path = options.get("tokenizer_path")
    path = Path(path) if path else None
    if path is None and model_path is not None:
        for cand in (
            model_path / "tokenizer.model",
            model_path.parent / "tokenizer.model",
            model_path / "tokenizer.json",
        ):
            if cand.exists():
                path = cand if cand.name == "tokenizer.model" else cand.parent
                break
    if path is None or not path.exists():
        raise ConfigError(
            "no tokenizer found: set trainer_options.tokenizer_path (tokenizer.model or a folder with tokenizer.json)"
        )
    if path.is_file():
        import sentencepiece as spm

        sp = spm.SentencePieceProcessor()
        sp.Load(str(path))
        ids = {m: sp.PieceToId(m) for m in MARKERS}
        check_marker_ids(ids, sp.unk_id())
        return TextCodec(
            sp.EncodeAsIds, sp.DecodeIds, ids, sp.bos_id(), sp.eos_id(), max(sp.pad_id(), 0), "sentencepiece"
        )
    import transformers

    hf = transformers.AutoTokenizer.from_pretrained(str(path), local_files_only=True)
    ids = {m: hf.convert_tokens_to_ids(m) for m in MARKERS}
    check_marker_ids(ids, hf.unk_token_id)
    return TextCodec(
        lambda s: hf.encode(s, add_special_tokens=False),
        lambda ids_: hf.decode(ids_, skip_special_tokens=False),
        ids,
        hf.bos_token_id,
        ids["<eos>"],
        hf.pad_token_id or 0,
        "huggingface",
    )


def _shard(model, mesh):
    with mesh_context(mesh):
        state = nnx.state(model)
        pspecs = nnx.get_partition_spec(state)
        nnx.update(model, jax.lax.with_sharding_constraint(state, pspecs))
    return model


def tiny_gemma3(seed: int, mesh, options: dict):
    from tunix.models.gemma3 import model as g3

    cfg = g3.ModelConfig(
        num_layers=int(options.get("num_layers", 2)),
        num_embed=ByteTokenizer.vocab_size,
        embed_dim=int(options.get("embed_dim", 64)),
        hidden_dim=int(options.get("hidden_dim", 128)),
        num_heads=4,
        head_dim=16,
        num_kv_heads=1,
        sliding_window_size=128,
        param_dtype=jnp.float32,
    )
    return _shard(random_model(g3, cfg, seed, jnp.float32, mesh_context(mesh)), mesh), cfg


def _load_weights(family: str, cfg_name: str, cfg, path: Path, mesh, dtype):
    if any(path.glob("*.safetensors")):
        if family == "gemma3":
            from tunix.models.gemma3 import params_safetensors as loader
        else:
            from tunix.models.gemma import params_safetensors as loader
        with mesh_context(mesh):
            return loader.create_model_from_safe_tensors(str(path), cfg, mesh, dtype=dtype)
    if family == "gemma3":  # Orbax checkpoint (Kaggle/GCS layout)
        from tunix.models.gemma3 import params as g3_params

        with mesh_context(mesh):
            return g3_params.create_model_from_checkpoint(str(path), cfg, mesh)
    from tunix.models.gemma import model as gemma_model
    from tunix.models.gemma import params as gemma_params

    version = (
        cfg_name.replace("gemma2_", "2-")
        .replace("gemma1p1_", "1.1-")
        .replace("gemma_", "")
        .replace("_it", "")
        .replace("_", "-")
    )
    params = gemma_params.load_and_format_params(str(path))
    return _shard(gemma_model.Gemma.from_params(params, version=version), mesh)


def apply_lora(model, options: dict, mesh, log, seed: int = 0) -> tuple[Any, bool]:
    """LoRA through qwix when it imports (trainer_options.lora false forces full fine-tuning). The
    LoRA weights are initialised from the run's seed (qwix's own default is a fixed key)."""
    if options.get("lora") is False:
        return model, False
    try:
        import qwix
    except ImportError:
        log("qwix is not installed: full fine-tuning (pip install qwix for LoRA)")
        return model, False
    rank = int(options.get("lora_rank", 16))
    kwargs = {
        "module_path": options.get("lora_modules", LORA_MODULES),
        "rank": rank,
        "alpha": float(options.get("lora_alpha", 2.0 * rank)),
    }
    if options.get("lora_weight_qtype"):  # QLoRA, e.g. "nf4"
        kwargs["weight_qtype"] = options["lora_weight_qtype"]
        kwargs["tile_size"] = int(options.get("lora_tile_size", 128))
    provider = qwix.LoraProvider(**kwargs)
    with mesh_context(mesh):
        lora_model = qwix.apply_lora_to_model(model, provider, rngs=nnx.Rngs(seed), **model.get_model_input())
    log(f"LoRA: rank {rank}, alpha {kwargs['alpha']:g}, modules {kwargs['module_path']}")
    return _shard(lora_model, mesh), True


def load_model(cfg: RunConfig, mesh, log) -> LoadedModel:
    opts = cfg.trainer_options
    if cfg.model_id == "tiny-gemma3":
        model, mcfg = tiny_gemma3(cfg.seed, mesh, opts)
        model, lora = apply_lora(model, {**opts, "lora": opts.get("lora", False)}, mesh, log, cfg.seed)
        return LoadedModel(model, byte_codec(), "gemma3", mcfg, lora, "tiny-gemma3 (random init, byte tokenizer)")
    name = normalise(cfg.model_id if opts.get("model_config") in (None, "config.json") else opts["model_config"])
    if name.startswith("gemma3"):
        from tunix.models.gemma3 import model as family_module

        family = "gemma3"
    elif name.startswith(("gemma2", "gemma_", "gemma1p1")):
        from tunix.models.gemma import model as family_module

        family = "gemma2"
    else:
        raise ConfigError(f"model_id {cfg.model_id!r}: the tunix backend trains Gemma 2 / Gemma 3 or tiny-gemma3")
    dtype = jnp.dtype(opts.get("dtype", "bfloat16"))
    if opts.get("init") == "random":  # throughput checks: the architecture, no weights to download
        cfg_name, mcfg = config_for(family_module, name)
        model = _shard(random_model(family_module, mcfg, cfg.seed, dtype, mesh_context(mesh)), mesh)
        model, lora = apply_lora(model, opts, mesh, log, cfg.seed)
        describe = f"{cfg.model_id} ({cfg_name}, random init, byte tokenizer)"
        return LoadedModel(model, byte_codec(), family, mcfg, lora, describe)
    path = opts.get("model_path") or os.environ.get("TUNIX_RT_MODEL_PATH")
    if not path or not Path(path).exists():
        raise ConfigError(
            f"{cfg.model_id}: set trainer_options.model_path to a local folder with its weights"
            ' (or trainer_options.init "random" for random weights)'
        )
    path = Path(path)
    if opts.get("model_config") == "config.json":
        if not (path / "config.json").exists():
            raise ConfigError(f"trainer_options.model_config is config.json, but {path} has none")
        cfg_name, mcfg = "config.json", config_from_hf(family_module, path / "config.json")
    else:
        cfg_name, mcfg = config_for(family_module, name)
    codec = load_codec(opts, path)
    log(f"loading {family} {cfg_name} from {path} ({dtype})")
    model = _load_weights(family, cfg_name, mcfg, path, mesh, dtype)
    model, lora = apply_lora(model, opts, mesh, log, cfg.seed)
    return LoadedModel(model, codec, family, mcfg, lora, f"{cfg.model_id} ({cfg_name}, {codec.kind} tokenizer)")
