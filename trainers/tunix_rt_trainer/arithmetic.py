"""The arithmetic generator of packages/services in Python, trace for trace: the same seeded PRNG
(prng.ts), problems (arithmetic.ts), column steps (column-steps.ts) and Gemma rendering
(render/chat-template.ts). `trace(seed, index, …)` equals `arithmeticTrace(seed, index, …)`, so a
demo run trains on exactly what `tunix-rt generate arithmetic --seed S` stores;
trainers/tests/test_arithmetic_mirror.py checks it against a fixture the TypeScript tests also check.
"""

from __future__ import annotations

import math

M32 = 0xFFFFFFFF
VERB = {"+": "Add", "-": "Subtract", "*": "Multiply"}
PLACES = [
    "Ones",
    "Tens",
    "Hundreds",
    "Thousands",
    "Ten thousands",
    "Hundred thousands",
    "Millions",
    "Ten millions",
    "Hundred millions",
    "Billions",
]


class Rng:
    """prng.ts: splitmix32 seeds sfc32 from (seed, stream); JavaScript's 32-bit wrap-around as masks."""

    def __init__(self, seed: int, stream: int = 0):
        hi = (seed // 2**32) & M32
        s = ((seed & M32) ^ ((hi * 0x27D4EB2D) & M32) ^ ((stream * 0x165667B1) & M32)) & M32
        state = []
        for _ in range(4):
            s = (s + 0x9E3779B9) & M32
            z = s
            z = ((z ^ (z >> 16)) * 0x85EBCA6B) & M32
            z = ((z ^ (z >> 13)) * 0xC2B2AE35) & M32
            state.append((z ^ (z >> 16)) & M32)
        self.a, self.b, self.c, self.d = state
        for _ in range(12):
            self.u32()

    def u32(self) -> int:
        a, b, c, d = self.a, self.b, self.c, self.d
        t = (a + b + d) & M32
        self.d = (d + 1) & M32
        self.a = b ^ (b >> 9)
        self.b = (c + (c << 3)) & M32
        c = ((c << 21) | (c >> 11)) & M32
        self.c = (c + t) & M32
        return t

    def next(self) -> float:
        return self.u32() / 2**32

    def int(self, lo: int, hi: int) -> int:
        return lo + math.floor(self.next() * (hi - lo + 1))

    def pick(self, items):
        return items[math.floor(self.next() * len(items))]


def _digits(n: int) -> list[int]:
    return [int(c) for c in reversed(str(n))]


def _col(i: int, text: str) -> dict:
    return {"type": "column", "content": f"{PLACES[i]}: {text}"}


def add_columns(x: int, y: int) -> list[dict]:
    xs, ys = _digits(x), _digits(y)
    steps, carry = [], 0
    for i in range(max(len(xs), len(ys))):
        a = xs[i] if i < len(xs) else 0
        b = ys[i] if i < len(ys) else 0
        s = a + b + carry
        steps.append(_col(i, f"{a} + {b}{f' + {carry}' if carry else ''} = {s}"))
        carry = s // 10
    return steps


def subtract_columns(x: int, y: int) -> list[dict]:
    xs, ys = _digits(x), _digits(y)
    steps, borrow = [], 0
    for i, a in enumerate(xs):
        b = ys[i] if i < len(ys) else 0
        lend = 1 if a - borrow < b else 0
        terms = f"{'1' if lend else ''}{a} - {b}{' - 1' if borrow else ''}"
        steps.append(_col(i, f"{terms} = {10 * lend + a - borrow - b}"))
        borrow = lend
    return steps


def multiply_digit_columns(x: int, d: int) -> list[dict]:
    steps, carry = [], 0
    for i, a in enumerate(_digits(x)):
        s = a * d + carry
        steps.append(_col(i, f"{a} * {d}{f' + {carry}' if carry else ''} = {s}"))
        carry = s // 10
    return steps


def multiply_columns(x: int, y: int) -> list[dict]:
    if y < 10:
        return multiply_digit_columns(x, y)
    steps, partials = [], []
    for j, d in enumerate(_digits(y)):
        if d == 0:
            continue
        steps += [*multiply_digit_columns(x, d), {"type": "partial", "content": f"Multiply: {x} * {d} = {x * d}"}]
        shifted = x * d * 10**j
        if j > 0:
            steps.append({"type": "partial", "content": f"Shift: {x * d} * {10**j} = {shifted}"})
        partials.append(shifted)
    total = partials[0]
    for p in partials[1:]:
        steps += [*add_columns(total, p), {"type": "partial", "content": f"Add: {total} + {p} = {total + p}"}]
        total += p
    return steps


def column_steps(value: int, op: str, b: int) -> list[dict]:
    v = abs(value)

    def rewrite(to: str) -> dict:
        return {"type": "rewrite", "content": f"Rewrite: {value} {op} {b} = {to}"}

    if op == "*":
        return multiply_columns(value, b) if value >= 0 else [rewrite(f"-({v} * {b})"), *multiply_columns(v, b)]
    if op == "+":
        if value >= 0:
            return add_columns(value, b)
        if b >= v:
            return [rewrite(f"{b} - {v}"), *subtract_columns(b, v)]
        return [rewrite(f"-({v} - {b})"), *subtract_columns(v, b)]
    if value >= b:
        return subtract_columns(value, b)
    if value >= 0:
        return [rewrite(f"-({b} - {value})"), *subtract_columns(b, value)]
    return [rewrite(f"-({v} + {b})"), *add_columns(v, b)]


def _operand(rng: Rng, difficulty: int, op: str, digits: int | None) -> int:
    if op == "*":
        return rng.int(2, {1: 9, 2: 19, 3: 49}[difficulty])
    return rng.int(1, 10**digits - 1 if digits else {1: 20, 2: 99, 3: 999}[difficulty])


def trace(seed: int, index: int, difficulty: int | str = "mixed", digits: int | None = None, steps: str | None = None):
    """arithmeticTrace(seed, index, difficulty, {digits, steps}) as a dict, key order included."""
    rng = Rng(seed, index)
    level = rng.int(1, 3) if difficulty == "mixed" else int(difficulty)
    value = _operand(rng, level, "+", digits)
    expression, out = str(value), []
    for k in range(level):
        op = rng.pick(["+", "-", "*"] if level == 1 else ["+", "-", "*", "*"])
        b = _operand(rng, level, op, digits)
        result = value + b if op == "+" else value - b if op == "-" else value * b
        if steps == "columns":
            out += column_steps(value, op, b)
        out.append({"type": "compute", "content": f"{VERB[op]}: {value} {op} {b} = {result}"})
        expression = f"{expression} {op} {b}" if k == 0 else f"({expression}) {op} {b}"
        value = result
    meta = {"source": "arithmetic", "difficulty": level}
    if digits:
        meta["digits"] = digits
    if steps:
        meta["steps"] = steps
    meta.update(expected_answer=str(value), seed=seed, index=index)
    return {
        "trace_version": "1.0",
        "prompt": f"What is {expression}?",
        "final_answer": str(value),
        "steps": [
            *({"i": i, **s} for i, s in enumerate(out)),
            {"i": len(out), "type": "answer", "content": f"The result is {value}"},
        ],
        "meta": meta,
    }


def render_gemma(t: dict, style: str = "numbered") -> dict:
    """renderGemma(trace, {responseStyle}): prompt (masked) and completion (trained on)."""
    contents = [s["content"] for s in t["steps"]]
    if style == "tagged":
        response = "<reasoning>" + "\n".join(contents) + f"</reasoning>\n<answer>{t['final_answer']}</answer>"
    else:
        reasoning = "Reasoning:\n" + "".join(f"{i + 1}. {c}\n" for i, c in enumerate(contents)) if contents else ""
        response = f"{reasoning}Answer: {t['final_answer']}"
    return {
        "prompt": f"<start_of_turn>user\n{t['prompt']}<end_of_turn>\n<start_of_turn>model\n",
        "completion": f"{response}<end_of_turn>",
    }
