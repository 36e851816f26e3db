"""A tiny Gemma 3 checkpoint in the real Hugging Face layout, for exercising the backend's loaders
without downloading weights: `config.json`, `model.safetensors` (random weights under Gemma 3's
tensor names and shapes) and a SentencePiece `tokenizer.model` trained here on a small corpus, with
Gemma's ids for <pad> 0, <eos> 1, <bos> 2 and its turn markers as user-defined pieces."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

SHAPE = {"hidden": 64, "intermediate": 128, "layers": 2, "heads": 4, "head_dim": 16, "kv_heads": 1}


def _corpus() -> list[str]:
    rows = []
    for a in range(1, 40):
        for b in (3, 7, 12):
            rows.append(f"What is {a} + {b}? Reasoning: 1. Add: {a} + {b} = {a + b} Answer: {a + b}")
            rows.append(f"What is {a} - {b}? The result is {a - b}. user model")
    return rows


def write_tokenizer(path: Path, vocab_size: int = 320) -> Path:
    import sentencepiece as spm

    path.mkdir(parents=True, exist_ok=True)
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(_corpus()),
        model_prefix=str(path / "tokenizer"),
        vocab_size=vocab_size,
        model_type="bpe",
        pad_id=0,
        eos_id=1,
        bos_id=2,
        unk_id=3,
        pad_piece="<pad>",
        eos_piece="<eos>",
        bos_piece="<bos>",
        unk_piece="<unk>",
        user_defined_symbols=["<start_of_turn>", "<end_of_turn>"],
        byte_fallback=True,
        minloglevel=2,
    )
    (path / "tokenizer.vocab").unlink(missing_ok=True)
    return path / "tokenizer.model"


def write_checkpoint(path: Path, seed: int = 0) -> Path:
    """The folder a Hugging Face Gemma 3 download would be, at toy size."""
    from safetensors.numpy import save_file

    tok = write_tokenizer(path)
    import sentencepiece as spm

    vocab = spm.SentencePieceProcessor(model_file=str(tok)).get_piece_size()
    s = SHAPE
    rng = np.random.default_rng(seed)
    w = lambda *shape: (rng.standard_normal(shape) * 0.02).astype(np.float32)  # noqa: E731
    ones = lambda n: np.zeros((n,), np.float32)  # noqa: E731 - Gemma's RMSNorm scales by (1 + w)
    tensors = {"model.embed_tokens.weight": w(vocab, s["hidden"]), "model.norm.weight": ones(s["hidden"])}
    for i in range(s["layers"]):
        p = f"model.layers.{i}"
        tensors |= {
            f"{p}.self_attn.q_proj.weight": w(s["heads"] * s["head_dim"], s["hidden"]),
            f"{p}.self_attn.k_proj.weight": w(s["kv_heads"] * s["head_dim"], s["hidden"]),
            f"{p}.self_attn.v_proj.weight": w(s["kv_heads"] * s["head_dim"], s["hidden"]),
            f"{p}.self_attn.o_proj.weight": w(s["hidden"], s["heads"] * s["head_dim"]),
            f"{p}.self_attn.q_norm.weight": ones(s["head_dim"]),
            f"{p}.self_attn.k_norm.weight": ones(s["head_dim"]),
            f"{p}.mlp.gate_proj.weight": w(s["intermediate"], s["hidden"]),
            f"{p}.mlp.up_proj.weight": w(s["intermediate"], s["hidden"]),
            f"{p}.mlp.down_proj.weight": w(s["hidden"], s["intermediate"]),
            f"{p}.input_layernorm.weight": ones(s["hidden"]),
            f"{p}.post_attention_layernorm.weight": ones(s["hidden"]),
            f"{p}.pre_feedforward_layernorm.weight": ones(s["hidden"]),
            f"{p}.post_feedforward_layernorm.weight": ones(s["hidden"]),
        }
    save_file(tensors, str(path / "model.safetensors"), metadata={"format": "pt"})
    config = {
        "architectures": ["Gemma3ForCausalLM"],
        "model_type": "gemma3_text",
        "vocab_size": vocab,
        "hidden_size": s["hidden"],
        "intermediate_size": s["intermediate"],
        "num_hidden_layers": s["layers"],
        "num_attention_heads": s["heads"],
        "num_key_value_heads": s["kv_heads"],
        "head_dim": s["head_dim"],
        "sliding_window": 128,
        "rope_theta": 1_000_000.0,
        "rope_local_base_freq": 10_000.0,
        "torch_dtype": "float32",
        "bos_token_id": 2,
        "eos_token_id": 1,
        "pad_token_id": 0,
    }
    (path / "config.json").write_text(json.dumps(config, indent=2))
    return path
