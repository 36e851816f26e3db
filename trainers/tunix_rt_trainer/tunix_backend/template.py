"""The Gemma chat template and its tokenization, with no Tunix import.

Tunix's `Tokenizer.tokenize(example, prefix, suffix)` strips control tokens from `example`, so the
rendered text must not go through it. Here the text is split at the special-token spellings; each
marker becomes its id from the tokenizer's vocabulary, the text between is encoded plainly (no
BOS/EOS added, nothing sanitized). The sequence is [<bos>] + prompt + completion and the loss mask
covers the completion including its closing <end_of_turn>.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

from tunix_rt_trainer.examples import build_example

START_OF_TURN = "<start_of_turn>"
END_OF_TURN = "<end_of_turn>"
MARKERS = ("<start_of_turn>", "<end_of_turn>", "<bos>", "<eos>", "<pad>")
_SPLIT = re.compile("(" + "|".join(re.escape(m) for m in MARKERS) + ")")

# Known ids, to check a tokenizer against.
GEMMA3_IDS = {"<pad>": 0, "<eos>": 1, "<bos>": 2, START_OF_TURN: 105, END_OF_TURN: 106}
GEMMA2_IDS = {"<pad>": 0, "<eos>": 1, "<bos>": 2, START_OF_TURN: 106, END_OF_TURN: 107}


def render_prompt(user: str, system: str | None = None) -> str:
    """A user turn and the opening of the model's turn, as the worker renders it (no <bos>)."""
    content = f"{system}\n\n{user}" if system else user
    return f"{START_OF_TURN}user\n{content}{END_OF_TURN}\n{START_OF_TURN}model\n"


def render_completion(response: str) -> str:
    return f"{response}{END_OF_TURN}"


def split_markers(text: str) -> list[tuple[str, bool]]:
    """[(piece, is_marker)] in order, empty pieces dropped."""
    return [(p, p in MARKERS) for p in _SPLIT.split(text) if p]


def encode_with_markers(
    text: str, encode_plain: Callable[[str], Sequence[int]], marker_ids: Mapping[str, int]
) -> list[int]:
    out: list[int] = []
    for piece, is_marker in split_markers(text):
        if is_marker:
            if piece not in marker_ids:
                raise ValueError(f"the tokenizer has no id for {piece}")
            out.append(int(marker_ids[piece]))
        else:
            out.extend(int(i) for i in encode_plain(piece))
    return out


def check_marker_ids(marker_ids: Mapping[str, int], unk_id: int | None = None) -> None:
    """A marker that maps to <unk> (or nowhere) means the tokenizer is not Gemma's: fail early."""
    for m in (START_OF_TURN, END_OF_TURN):
        i = marker_ids.get(m)
        if i is None or i < 0 or (unk_id is not None and i == unk_id):
            raise ValueError(f"tokenizer has no {m} token: is it a Gemma tokenizer?")


def sft_example(
    prompt: str,
    completion: str,
    *,
    encode_plain: Callable[[str], Sequence[int]],
    marker_ids: Mapping[str, int],
    bos_id: int | None,
    max_len: int,
    overlength: str = "truncate",
):
    """(tokens, loss mask, status) for one record, or None when it cannot be used (see build_example)."""
    return build_example(
        encode_with_markers(prompt, encode_plain, marker_ids),
        encode_with_markers(completion, encode_plain, marker_ids),
        bos_id=bos_id,
        max_len=max_len,
        overlength=overlength,
    )
