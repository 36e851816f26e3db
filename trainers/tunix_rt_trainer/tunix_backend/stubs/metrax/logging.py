"""Stand-in for metrax.logging: only what Tunix's metrics logger touches."""

from typing import Protocol


class LoggingBackend(Protocol):
    def log_scalar(self, event, value, **kwargs): ...

    def close(self): ...


class TensorboardBackend:  # no-op; tunix-rt logs through its own JSONL backend
    def __init__(self, log_dir, flush_every_n_steps=100, flush_interval_s=30.0, **_):
        self.log_dir = log_dir

    def log_scalar(self, event, value, **kwargs):
        pass

    def close(self):
        pass


class WandbBackend:
    def __init__(self, *a, **k):
        raise ImportError("wandb backend not available (metrax stand-in)")
