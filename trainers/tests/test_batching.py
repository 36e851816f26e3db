"""Buckets, padding, packing and the deterministic epoch plan."""

import numpy as np

from tunix_rt_trainer.batching import EpochPlanner, bucket_lengths, eval_batches, iterate_batches, make_batch
from tunix_rt_trainer.examples import Example


def ex(n_prompt: int, n_completion: int, base: int = 10) -> Example:
    tokens = np.arange(base, base + n_prompt + n_completion, dtype=np.int32)
    mask = np.r_[np.zeros(n_prompt, np.int32), np.ones(n_completion, np.int32)]
    return Example(f"e{base}", tokens, mask)


def test_buckets():
    assert bucket_lengths(128) == [32, 64, 128]
    assert bucket_lengths(100) == [32, 64, 100]
    assert bucket_lengths(16) == [16]


def test_padding_to_the_bucket_with_fixed_rows():
    b = make_batch([[ex(3, 2)], [ex(2, 1)]], batch_size=3, buckets=[8, 16], pad_id=0)
    assert b.tokens.shape == (3, 8)
    assert b.tokens[0].tolist() == [10, 11, 12, 13, 14, 0, 0, 0]
    assert b.mask[0].tolist() == [0, 0, 0, 1, 1, 0, 0, 0]
    assert b.segments[1].tolist() == [1, 1, 1, 0, 0, 0, 0, 0]
    assert b.segments[2].tolist() == [0] * 8  # filler row
    assert (b.n_tokens, b.n_targets) == (8, 3)


def test_packed_rows_restart_positions_and_segments():
    b = make_batch([[ex(2, 1, 10), ex(1, 2, 20)]], batch_size=1, buckets=[8], pad_id=0)
    assert b.tokens[0].tolist() == [10, 11, 12, 20, 21, 22, 0, 0]
    assert b.segments[0].tolist() == [1, 1, 1, 2, 2, 2, 0, 0]
    assert b.positions[0].tolist() == [0, 1, 2, 0, 1, 2, 0, 0]
    assert b.n_targets == 3


def test_epoch_plan_is_a_deterministic_permutation():
    lengths = [5, 9, 3, 7, 7, 2, 8, 6, 4, 1]
    a, b = EpochPlanner(lengths, 3, seed=1), EpochPlanner(lengths, 3, seed=1)
    assert a.plan(0) == b.plan(0) and a.plan(1) == b.plan(1)
    assert a.plan(0) != a.plan(1)
    assert a.plan(0) != EpochPlanner(lengths, 3, seed=2).plan(0)
    seen = sorted(i for batch in a.plan(0) for row in batch for i in row)
    assert seen == list(range(10))
    assert a.steps_in(0) == 4 and a.total_steps(3) == 12
    assert a.locate(0) == (0, 0) and a.locate(5) == (1, 1)


def test_packing_fills_rows_up_to_the_pack_length():
    p = EpochPlanner([4, 4, 4, 4, 4], 2, seed=0, pack_length=8)
    rows = [row for batch in p.plan(0) for row in batch]
    assert sorted(len(r) for r in rows) == [1, 2, 2]


def test_resuming_at_step_k_sees_what_an_uninterrupted_run_saw():
    examples = [ex(2 + i % 5, 1 + i % 3, 10 + i) for i in range(11)]
    planner = EpochPlanner([len(e) for e in examples], 3, seed=5)
    full = iterate_batches(examples, planner, [8, 16], 0, 0)
    first = [next(full) for _ in range(9)]
    resumed = iterate_batches(examples, planner, [8, 16], 0, 5)
    for (s1, b1), (s2, b2) in zip(first[5:], [next(resumed) for _ in range(4)], strict=True):
        assert s1 == s2 and np.array_equal(b1.tokens, b2.tokens)


def test_eval_batches_cover_every_example_once():
    examples = [ex(2, 1 + i % 4, 10 + i) for i in range(7)]
    batches = eval_batches(examples, 3, [8], 0)
    assert len(batches) == 3 and sum(b.n_targets for b in batches) == sum(int(e.mask[1:].sum()) for e in examples)
