"""The tunix backend: Tunix's PeftTrainer SFT of Gemma 2 / Gemma 3.

Tunix is imported lazily and only here. `template`, `batches` and `metrics_backend` are plain Python
(tested without Tunix); `train`, `predict` and `models` need it. Where `import tunix` fails only for
metrax, PIL or perfetto (modules SFT does not use), the stand-ins in stubs/ are appended to sys.path
and the import is tried again.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
from pathlib import Path

STUBS = Path(__file__).with_name("stubs")
STUBBABLE = {"metrax", "PIL", "perfetto"}
INSTALL_HINT = (
    "install Tunix into .venv (pip install google-tunix) or put its source on PYTHONPATH; see docs/trainers.md"
)

_state: dict = {}

#: What the backend imports from Tunix (train, predict, both Gemma families, the loaders).
IMPORTED = (
    "tunix.sft.peft_trainer",
    "tunix.sft.metrics_logger",
    "tunix.sft.hooks",
    "tunix.generate.sampler",
    "tunix.models.gemma3.model",
    "tunix.models.gemma3.params_safetensors",
    "tunix.models.gemma.model",
)


class TunixUnavailable(RuntimeError):
    pass


def _purge(prefixes: tuple[str, ...]) -> None:
    for name in [m for m in sys.modules if m.split(".")[0] in prefixes]:
        del sys.modules[name]


def _import_tunix():
    """Imports what the backend uses; returns (version, [stubbed module names])."""
    if importlib.util.find_spec("tunix") is None:
        raise TunixUnavailable(f"the tunix package is not installed; {INSTALL_HINT}")
    stubbed: list[str] = []
    # PeftTrainer always draws a tqdm bar on stderr (one growing \r line in a log file); progress
    # is already logged as `step N: train/loss …`. tqdm reads TQDM_* when first imported, so set
    # it before Tunix imports tqdm (TQDM_DISABLE set to empty in the environment brings it back).
    os.environ.setdefault("TQDM_DISABLE", "1")
    for _ in range(len(STUBBABLE) + 1):
        try:
            # Everything train and predict import: a missing dependency of any of them (einops for
            # the Gemma models) must make the backend unavailable, not fail a run with a traceback.
            for module in IMPORTED:
                importlib.import_module(module)
            break
        except ModuleNotFoundError as e:
            missing = (e.name or "").split(".")[0]
            if missing not in STUBBABLE or missing in stubbed:
                raise TunixUnavailable(f"import tunix failed: no module {e.name!r}; {INSTALL_HINT}") from None
            stubbed.append(missing)
            if str(STUBS) not in sys.path:
                sys.path.append(str(STUBS))  # appended: an installed package always wins
            _purge(("tunix", missing))
        except Exception as e:  # noqa: BLE001 - anything that stops the import
            raise TunixUnavailable(f"import tunix failed: {type(e).__name__}: {e}") from None
    import tunix

    # Which stand-ins are in use (once the folder is on sys.path, later ones load without failing).
    stubbed = sorted(n for n in STUBBABLE if str(STUBS) in str(getattr(sys.modules.get(n), "__file__", "") or ""))
    return tunix_version(tunix), stubbed


def tunix_version(tunix) -> str:
    """The installed distribution's version, or "<version> (source)" when the `tunix` that imported
    is not the installed package's (a source tree on PYTHONPATH), whatever either calls itself."""
    from importlib import metadata

    declared = getattr(tunix, "__version__", None)
    here = Path(tunix.__file__).resolve().parent
    try:
        dist = metadata.distribution("google-tunix")
        installed_at = Path(str(dist.locate_file("tunix"))).resolve()
        if installed_at == here:
            return dist.version
    except metadata.PackageNotFoundError:
        pass
    return f"{declared or 'unknown'} (source)"


def require() -> dict:
    """Imports Tunix once (raises TunixUnavailable with a one-line reason)."""
    if "error" in _state:
        raise TunixUnavailable(_state["error"])
    if "version" not in _state:
        try:
            _state["version"], _state["stubbed"] = _import_tunix()
        except TunixUnavailable as e:
            _state["error"] = str(e)
            raise
    return _state


def probe() -> dict:
    """The tunix entry of `status`: {"available", "version", "reason", "lora", "stubbed"}."""
    try:
        st = require()
    except TunixUnavailable as e:
        return {"available": False, "version": None, "reason": str(e), "lora": False}
    return {
        "available": True,
        "version": st["version"],
        "reason": None,
        "lora": importlib.util.find_spec("qwix") is not None,
        "stubbed": st["stubbed"],
    }
