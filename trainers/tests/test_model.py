"""The jax backend's model: masks, the loss counts completion tokens only, cached decoding is exact."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from flax import nnx

from tunix_rt_trainer.batching import make_batch
from tunix_rt_trainer.examples import Example
from tunix_rt_trainer.jax_backend.model import SIZES, config_for, create, segment_mask
from tunix_rt_trainer.jax_backend.predict import make_generate
from tunix_rt_trainer.jax_backend.steps import loss_terms, lr_schedule
from tunix_rt_trainer.tokenizer import BOS, END_OF_TURN, EOS, PAD


@pytest.fixture(scope="module")
def micro():
    cfg = SIZES["micro"]
    graphdef, params = nnx.split(create(cfg, 0))
    return cfg, graphdef, params


def test_named_sizes():
    assert config_for("tiny").d_model == 96 and config_for("jax-small").n_layers == 4
    assert config_for("micro", {"n_layers": 2}).n_layers == 2
    with pytest.raises(ValueError, match="unknown model_id"):
        config_for("gemma-3-1b")


def test_segment_mask_is_causal_within_segments():
    m = np.asarray(segment_mask(jnp.array([[1, 1, 2, 2, 0]])))[0].astype(int)
    assert m.tolist() == [
        [1, 0, 0, 0, 0],
        [1, 1, 0, 0, 0],
        [0, 0, 1, 0, 0],
        [0, 0, 1, 1, 0],
        [0, 0, 0, 0, 0],
    ]


def test_loss_counts_only_completion_tokens(micro):
    _, graphdef, params = micro
    tokens = np.array([BOS, 40, 41, 42, 50, 51, END_OF_TURN], np.int32)
    mask = np.array([0, 0, 0, 0, 1, 1, 1], np.int32)
    batch = make_batch([[Example("a", tokens, mask)]], 2, [8], PAD).arrays()
    loss = jax.jit(lambda b: loss_terms(graphdef, params, b))
    total, count = loss(batch)
    assert float(count) == 3.0  # predicting 50, 51 and <end_of_turn>
    changed = dict(batch, tokens=batch["tokens"].copy())
    changed["tokens"][0, 7] = 99  # a padding slot: no effect
    assert float(loss(changed)[0]) == pytest.approx(float(total))
    changed["tokens"][0, 5] = 60  # a completion token: the loss moves
    assert float(loss(changed)[0]) != pytest.approx(float(total))


def test_schedule_warms_up_then_decays_to_the_floor():
    s = lr_schedule(1.0, warmup_steps=4, total_steps=14, end_ratio=0.1)
    values = [float(s(i)) for i in range(16)]
    assert values[:4] == pytest.approx([0.25, 0.5, 0.75, 1.0])
    assert values[4] == pytest.approx(1.0) and values[9] == pytest.approx(0.55)
    assert values[14] == pytest.approx(0.1) and values[15] == pytest.approx(0.1)


def naive_greedy(cfg, graphdef, params, prompt, n, length=32):
    """Greedy decoding by recomputing the whole sequence each step (right padding is invisible to
    earlier positions under the causal mask, so one compiled shape serves every step)."""

    @jax.jit
    def logits_at(tokens, last):
        model = nnx.merge(graphdef, params)
        logits, _ = model(tokens, jnp.arange(length)[None], segment_mask(jnp.ones_like(tokens)))
        return logits[0, last]

    seq = list(prompt)
    for _ in range(n):
        padded = np.zeros((1, length), np.int32)
        padded[0, : len(seq)] = seq
        seq.append(int(jnp.argmax(logits_at(padded, len(seq) - 1))))
    return seq[len(prompt) :]


def test_cached_batched_decoding_matches_recomputing_everything(micro):
    cfg, graphdef, params = micro
    prompts = [[BOS, 30, 31, 32, 33, 34, 35], [BOS, 60, 61], [BOS, 90, 91, 92, 93]]
    n = 10
    generate = make_generate(graphdef, cfg, stop_ids=(99999,), pad_id=PAD)  # no stop: compare all n
    p = 8
    prompt = np.full((4, p), PAD, np.int32)
    valid = np.zeros((4, p), bool)
    for r, e in enumerate(prompts):
        prompt[r, p - len(e) :], valid[r, p - len(e) :] = e, True
    prompt[3, -1], valid[3, -1] = BOS, True
    out = np.asarray(generate(params, prompt, valid, max_new=n))
    for r, e in enumerate(prompts):
        assert out[r].tolist() == naive_greedy(cfg, graphdef, params, e, n)


def test_generation_stops_at_end_of_turn(micro):
    cfg, graphdef, params = micro
    first = naive_greedy(cfg, graphdef, params, [BOS, 30, 31], 1)[0]
    generate = make_generate(graphdef, cfg, stop_ids=(first, EOS), pad_id=PAD)
    prompt = np.array([[BOS, 30, 31]], np.int32)
    out = np.asarray(generate(params, prompt, np.ones_like(prompt, bool), max_new=6))[0]
    assert out[0] == first and out[1:].tolist() == [PAD] * 5
    assert jax.devices()[0].platform == "cpu"
