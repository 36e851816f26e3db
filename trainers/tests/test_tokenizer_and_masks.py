"""Tokenization and loss masks against hand-computed ids."""

import json

import numpy as np
import pytest

from tunix_rt_trainer.examples import build_example, load_examples
from tunix_rt_trainer.tokenizer import BOS, END_OF_TURN, START_OF_TURN, ByteTokenizer

tok = ByteTokenizer()


def test_bytes_are_offset_by_five_and_markers_are_single_ids():
    # "u"=117 "s"=115 "e"=101 "r"=114 "\n"=10 "H"=72 "i"=105, each + 5
    assert tok.encode("<start_of_turn>user\nHi<end_of_turn>") == [3, 122, 120, 106, 119, 15, 77, 110, 4]
    assert tok.encode("<bos><eos><pad>") == [2, 1, 0]
    assert tok.encode("<start_of_turn") == [b + 5 for b in b"<start_of_turn"]  # not a marker


def test_decode_round_trips_and_skips_specials_on_request():
    text = "<start_of_turn>user\nÉté 12 + 7?<end_of_turn>\n"
    assert tok.decode(tok.encode(text)) == text
    assert len(tok.encode("é")) == 2  # UTF-8 bytes
    assert tok.decode(tok.encode(text), skip_special=True) == "user\nÉté 12 + 7?\n"
    assert tok.decode([5 + 0xC3]) == "\ufffd"  # a lone lead byte


def test_build_example_masks_exactly_the_completion():
    tokens, mask, status = build_example([10, 11], [12, 13, 4], bos_id=2, max_len=16)
    assert tokens.tolist() == [2, 10, 11, 12, 13, 4]
    assert mask.tolist() == [0, 0, 0, 1, 1, 1]
    assert status == "ok"


def test_overlength_truncates_the_completion_or_drops():
    tokens, mask, status = build_example([10, 11], [12, 13, 4], bos_id=2, max_len=5)
    assert (tokens.tolist(), mask.tolist(), status) == ([2, 10, 11, 12, 13], [0, 0, 0, 1, 1], "truncated")
    assert build_example([10, 11], [12, 13, 4], bos_id=2, max_len=5, overlength="drop") is None
    assert build_example([10, 11, 12, 13], [14], bos_id=2, max_len=5) is None  # no room for the completion


def test_a_rendered_record_masks_response_and_end_of_turn(tmp_path):
    rec = {
        "id": "a",
        "prompt": "<start_of_turn>user\nWhat is 2 + 3?<end_of_turn>\n<start_of_turn>model\n",
        "completion": "Answer: 5<end_of_turn>",
    }
    path = tmp_path / "train.jsonl"
    path.write_text(json.dumps(rec) + "\n")
    [ex], stats = load_examples(path, tok.encode, bos_id=BOS, max_len=256)
    prompt_ids, completion_ids = tok.encode(rec["prompt"]), tok.encode(rec["completion"])
    assert ex.tokens.tolist() == [BOS, *prompt_ids, *completion_ids]
    assert ex.mask.tolist() == [0] * (1 + len(prompt_ids)) + [1] * len(completion_ids)
    assert ex.tokens[ex.mask == 1].tolist()[-1] == END_OF_TURN
    assert ex.tokens[ex.mask == 1].tolist()[:8] == [b + 5 for b in b"Answer: "]
    assert prompt_ids.count(START_OF_TURN) == 2 and prompt_ids.count(END_OF_TURN) == 1
    assert (stats.kept, stats.tokens) == (1, len(ex.tokens))


def test_bad_lines_name_the_file_and_line(tmp_path):
    from tunix_rt_trainer.examples import DataError

    path = tmp_path / "train.jsonl"
    path.write_text('{"prompt": "a", "completion": "b"}\nnot json\n')
    with pytest.raises(DataError, match="train.jsonl:2"):
        load_examples(path, tok.encode, bos_id=BOS, max_len=64)


def test_mask_dtype_and_lengths_agree(tmp_path):
    tokens, mask, _ = build_example(list(range(5, 50)), list(range(50, 60)), bos_id=2, max_len=100)
    assert tokens.dtype == np.int32 and mask.dtype == np.int32 and len(tokens) == len(mask) == 56
