"""Orbax checkpoints for the jax backend.

checkpoints/<step>/ holds three items: `params` and `opt_state` (flat {"dotted.path": array} dicts,
so the layout does not depend on Flax or Optax internals) and `meta` (JSON: step, model config,
tokenizer, seed). model/ (the final export) holds `params` and `meta` only. Saves go through an
Orbax CheckpointManager (written to a temporary folder, renamed when complete, so checkpoints/<step>
only ever names a finished checkpoint).
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

import jax
import orbax.checkpoint as ocp

logging.getLogger("absl").setLevel(logging.WARNING)


def _key_name(k) -> str | None:
    for attr in ("key", "name", "idx"):
        if hasattr(k, attr):
            v = getattr(k, attr)
            return None if v == "value" and attr == "name" else str(v)
    return str(k)


def flatten(tree) -> dict[str, Any]:
    leaves, _ = jax.tree_util.tree_flatten_with_path(tree)
    out = {}
    for path, leaf in leaves:
        name = ".".join(n for n in (_key_name(k) for k in path) if n is not None) or "_"
        out[name] = leaf
    return out


def unflatten_like(target, flat: dict[str, Any]):
    leaves, treedef = jax.tree_util.tree_flatten_with_path(target)
    names = list(flatten(target).keys())
    missing = [n for n in names if n not in flat]
    if missing:
        raise ValueError(f"checkpoint lacks {len(missing)} arrays the model needs, e.g. {missing[:3]}")
    return jax.tree_util.tree_unflatten(treedef, [flat[n] for n in names])


def abstract(tree):
    return jax.tree.map(lambda x: jax.ShapeDtypeStruct(x.shape, x.dtype, sharding=getattr(x, "sharding", None)), tree)


def checkpoint_steps(directory: Path) -> list[int]:
    if not directory.is_dir():
        return []
    return sorted(int(p.name) for p in directory.iterdir() if p.is_dir() and re.fullmatch(r"\d+", p.name))


class CheckpointWriter:
    def __init__(self, directory: Path, max_to_keep: int | None):
        """max_to_keep: how many step checkpoints stay on disk (0 or None: all)."""
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)
        self.manager = ocp.CheckpointManager(
            directory.resolve(),
            options=ocp.CheckpointManagerOptions(
                max_to_keep=max_to_keep or None, create=True, enable_async_checkpointing=True
            ),
        )
        self._requested = set(self.manager.all_steps())

    def save(self, step: int, params, opt_state, meta: dict) -> bool:
        """Starts writing checkpoints/<step> (the arrays are copied off the device before this returns)."""
        if step in self._requested:  # includes a save still being written
            return False
        self._requested.add(step)
        return self.manager.save(
            step,
            args=ocp.args.Composite(
                params=ocp.args.StandardSave(flatten(params)),
                opt_state=ocp.args.StandardSave(flatten(opt_state)),
                meta=ocp.args.JsonSave(meta),
            ),
            force=True,
        )

    def wait(self) -> None:
        self.manager.wait_until_finished()

    def close(self) -> None:
        self.manager.wait_until_finished()
        self.manager.close()


def read_meta(path: Path) -> dict:
    ckptr = ocp.Checkpointer(ocp.CompositeCheckpointHandler())
    return ckptr.restore(path.resolve(), args=ocp.args.Composite(meta=ocp.args.JsonRestore()))["meta"]


def restore(path: Path, params_target, opt_target=None) -> tuple[Any, Any, dict]:
    """Restores params (and opt_state when a target is given) from a checkpoint or model/ folder."""
    items = {
        "params": ocp.args.StandardRestore(abstract(flatten(params_target))),
        "meta": ocp.args.JsonRestore(),
    }
    if opt_target is not None:
        items["opt_state"] = ocp.args.StandardRestore(abstract(flatten(opt_target)))
    ckptr = ocp.Checkpointer(ocp.CompositeCheckpointHandler())
    out = ckptr.restore(path.resolve(), args=ocp.args.Composite(**items))
    params = unflatten_like(params_target, out["params"])
    opt_state = unflatten_like(opt_target, out["opt_state"]) if opt_target is not None else None
    return params, opt_state, out["meta"]


def export_model(directory: Path, params, meta: dict) -> None:
    """Writes model/: the params and meta of the final step, without optimizer state."""
    ckptr = ocp.Checkpointer(ocp.CompositeCheckpointHandler())
    ckptr.save(
        directory.resolve(),
        args=ocp.args.Composite(params=ocp.args.StandardSave(flatten(params)), meta=ocp.args.JsonSave(meta)),
        force=True,
    )
