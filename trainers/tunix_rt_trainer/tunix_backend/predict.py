"""`predict` for the tunix backend: Tunix's Sampler, greedy, stopping at <end_of_turn>/<eos>.

The model is rebuilt as run.json describes it (base weights, LoRA structure), then the checkpoint's
params (only the LoRA ones for a LoRA run) are restored with Tunix's CheckpointManager. `init`
samples from the model as loaded, before any training.
"""

from __future__ import annotations

import time
from pathlib import Path

from tunix_rt_trainer.config import ConfigError, load_run_config
from tunix_rt_trainer.predictions import Predictions
from tunix_rt_trainer.tunix_backend.models import load_model, make_mesh, mesh_context


def restore(model, path: Path, lora: bool) -> int:
    from tunix.sft import checkpoint_manager

    manager = checkpoint_manager.CheckpointManager(root_directory=str(path.parent))
    try:
        step, _ = manager.maybe_restore(model, step=int(path.name), restore_only_lora_params=lora)
    except TypeError:  # a Tunix whose maybe_restore has no `step`: restores the latest
        step, _ = manager.maybe_restore(model, restore_only_lora_params=lora)
    manager.close()
    return int(step)


def checkpoint_dir(run_dir: Path, checkpoint: str) -> Path:
    """The checkpoints/<step> folder named relative to the working directory, else to the run, made
    absolute: Orbax refuses relative checkpoint paths."""
    path = Path(checkpoint)
    if not path.is_absolute() and not path.exists():
        path = Path(run_dir) / checkpoint
    path = path.resolve()
    if not path.is_dir() or not path.name.isdigit():
        raise ConfigError(f"checkpoint {checkpoint} is not a checkpoints/<step> folder")
    return path


def predict(
    run_dir: Path,
    checkpoint: str,
    prompts,
    output: Path,
    *,
    max_new_tokens: int = 512,
    batch_size: int = 16,
    progress_file: Path | None = None,
    log=print,
) -> int:
    from tunix.generate import sampler as sampler_lib

    cfg = load_run_config(run_dir, need_data=False)
    path = None if checkpoint == "init" else checkpoint_dir(run_dir, checkpoint)  # before the slow load
    mesh = make_mesh(cfg.trainer_options)
    loaded = load_model(cfg, mesh, log)
    described = f"{loaded.describe}, untrained"
    if path is not None:
        with mesh_context(mesh):
            step = restore(loaded.model, path, loaded.lora)
        described = f"{loaded.describe}, {path} (step {step})"
    codec = loaded.codec
    longest = max((len(codec.encode(p)) + 1 for _, p in prompts), default=1)
    prompt_len = 1 << max(5, (longest - 1).bit_length())
    c = loaded.config
    sampler = sampler_lib.Sampler(
        transformer=loaded.model,
        tokenizer=codec,
        cache_config=sampler_lib.CacheConfig(
            cache_size=prompt_len + max_new_tokens,
            num_layers=c.num_layers,
            num_kv_heads=c.num_kv_heads,
            head_dim=c.head_dim,
        ),
    )
    log(f"predicting {len(prompts)} prompts with {described}, greedy, max {max_new_tokens} new tokens")
    started = time.time()
    results = Predictions(len(prompts), output, progress_file)
    with mesh_context(mesh):
        for at in range(0, len(prompts), batch_size):
            batch_started = time.time()
            texts = [p for _, p in prompts[at : at + batch_size]]
            texts += [texts[-1]] * (batch_size - len(texts))  # a full batch keeps the compiled shape
            out = sampler(
                texts,
                max_generation_steps=max_new_tokens,
                max_prompt_length=prompt_len,
                echo=False,
                eos_tokens=codec.stop_ids,
                temperature=0.0,
            )
            n = min(batch_size, len(prompts) - at)
            rows = [(at + r, text, len(codec.encode(text))) for r, text in enumerate(out.text[:n])]
            results.add_batch(rows, time.time() - batch_started)
            log(f"predicted {results.done}/{len(prompts)} ({results.rate:.1f} prompts/s)")
    results.write([pid for pid, _ in prompts])
    log(f"wrote {len(prompts)} predictions to {output} in {time.time() - started:.1f} s")
    return 0
