"""Byte-level tokenizer with Gemma's special tokens, used by the jax backend and tiny-gemma3.

Ids follow Gemma where it matters: <pad>=0, <eos>=1, <bos>=2. Then the two turn markers, then the
256 byte values. Special tokens are recognised in text by their literal spelling, as Gemma's own
tokenizer does, so rendered chat text round-trips.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np

PAD, EOS, BOS, START_OF_TURN, END_OF_TURN = 0, 1, 2, 3, 4
SPECIALS = {"<pad>": PAD, "<eos>": EOS, "<bos>": BOS, "<start_of_turn>": START_OF_TURN, "<end_of_turn>": END_OF_TURN}
_SPECIAL_NAMES = {v: k for k, v in SPECIALS.items()}
BYTE_OFFSET = 5
VOCAB_SIZE = 264  # 5 specials + 256 bytes, rounded up to a multiple of 8
_SPLIT = re.compile("(" + "|".join(re.escape(s) for s in SPECIALS) + ")")


class ByteTokenizer:
    pad_id = PAD
    eos_id = EOS
    bos_id = BOS
    start_of_turn_id = START_OF_TURN
    end_of_turn_id = END_OF_TURN
    vocab_size = VOCAB_SIZE

    def encode(self, text: str) -> list[int]:
        """Text to ids; special-token spellings become their ids, everything else UTF-8 bytes."""
        out: list[int] = []
        for piece in _SPLIT.split(text):
            if not piece:
                continue
            special = SPECIALS.get(piece)
            if special is not None:
                out.append(special)
            else:
                out.extend(
                    (np.frombuffer(piece.encode("utf-8"), dtype=np.uint8).astype(np.int32) + BYTE_OFFSET).tolist()
                )
        return out

    def decode(self, ids: Iterable[int], skip_special: bool = False) -> str:
        """Ids to text; invalid UTF-8 becomes U+FFFD. Special tokens are spelled out unless skipped."""
        chunks: list[str] = []
        buf = bytearray()
        for i in ids:
            i = int(i)
            if i >= BYTE_OFFSET:
                if i - BYTE_OFFSET < 256:
                    buf.append(i - BYTE_OFFSET)
                continue
            if buf:
                chunks.append(buf.decode("utf-8", errors="replace"))
                buf = bytearray()
            if not skip_special:
                chunks.append(_SPECIAL_NAMES[i])
        if buf:
            chunks.append(buf.decode("utf-8", errors="replace"))
        return "".join(chunks)

    def describe(self) -> dict:
        return {"kind": "byte", "vocab_size": VOCAB_SIZE, "specials": SPECIALS, "byte_offset": BYTE_OFFSET}
