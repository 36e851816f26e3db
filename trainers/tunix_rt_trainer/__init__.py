"""tunix-rt trainers: a JAX reference backend that runs anywhere and a Tunix backend for Gemma.

Entry point: ``python -m tunix_rt_trainer --backend jax|tunix train|predict|status``; see
docs/trainer-contract.md and docs/trainers.md.
"""

__version__ = "0.1.0"
