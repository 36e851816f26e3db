import type { TextDiffPart } from "@tunix-rt/contracts";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { diffText } from "./text-diff.js";

const side = (parts: TextDiffPart[], keep: "delete" | "insert") =>
  parts
    .filter((p) => p.op === "equal" || p.op === keep)
    .map((p) => p.text)
    .join("");

describe("diffText", () => {
  it("equal strings are one equal part (none for two empty strings)", () => {
    expect(diffText("20°C", "20°C")).toEqual([{ op: "equal", text: "20°C" }]);
    expect(diffText("", "")).toEqual([]);
  });

  it("an inserted word", () => {
    expect(diffText("the answer is 4", "the final answer is 4")).toEqual([
      { op: "equal", text: "the " },
      { op: "insert", text: "final " },
      { op: "equal", text: "answer is 4" },
    ]);
  });

  it("a deleted word", () => {
    expect(diffText("the final answer is 4", "the answer is 4")).toEqual([
      { op: "equal", text: "the " },
      { op: "delete", text: "final " },
      { op: "equal", text: "answer is 4" },
    ]);
  });

  it("a replaced word is a delete then an insert", () => {
    expect(diffText("x = 4", "x = 5")).toEqual([
      { op: "equal", text: "x = " },
      { op: "delete", text: "4" },
      { op: "insert", text: "5" },
    ]);
  });

  it("from or to the empty string", () => {
    expect(diffText("", "abc def")).toEqual([{ op: "insert", text: "abc def" }]);
    expect(diffText("abc def", "")).toEqual([{ op: "delete", text: "abc def" }]);
  });

  it("completely different texts", () => {
    expect(diffText("a b", "c d")).toEqual([
      { op: "delete", text: "a b" },
      { op: "insert", text: "c d" },
    ]);
  });

  it("very long texts fall back to delete + insert and still reconstruct both sides", () => {
    const a = Array.from({ length: 3000 }, (_, k) => `w${k}`).join(" ");
    const b = Array.from({ length: 3000 }, (_, k) => `v${k}`).join(" ");
    const parts = diffText(a, b);
    expect(parts).toEqual([
      { op: "delete", text: a },
      { op: "insert", text: b },
    ]);
  });

  describe("properties", () => {
    // Small alphabets so the two sides share words; whitespace of several kinds; astral characters.
    const word = fc.string({ unit: fc.constantFrom("a", "b", "c", "é", "😀"), minLength: 1, maxLength: 3 });
    const space = fc.string({ unit: fc.constantFrom(" ", "\n", "\t"), minLength: 1, maxLength: 2 });
    const text = fc
      .tuple(
        fc.option(space, { nil: "" }),
        fc.array(fc.tuple(word, space), { maxLength: 10 }),
        fc.option(word, { nil: "" }),
      )
      .map(([lead, pairs, tail]) => lead + pairs.map(([w, s]) => w + s).join("") + tail);
    const anyText = fc.oneof(text, fc.string({ unit: "binary", maxLength: 30 }));

    it("equal+delete parts rebuild the base; equal+insert parts rebuild the other", () => {
      fc.assert(
        fc.property(anyText, anyText, (a, b) => {
          const parts = diffText(a, b);
          expect(side(parts, "delete")).toBe(a);
          expect(side(parts, "insert")).toBe(b);
        }),
        { numRuns: 1000 },
      );
    });

    it("parts are non-empty and adjacent parts never share an op", () => {
      fc.assert(
        fc.property(anyText, anyText, (a, b) => {
          const parts = diffText(a, b);
          for (const p of parts) expect(p.text.length).toBeGreaterThan(0);
          for (let k = 1; k < parts.length; k++) expect(parts[k]!.op).not.toBe(parts[k - 1]!.op);
        }),
        { numRuns: 500 },
      );
    });

    it("only equal parts exactly when the texts are equal", () => {
      fc.assert(
        fc.property(anyText, anyText, (a, b) => {
          const parts = diffText(a, b);
          expect(parts.every((p) => p.op === "equal")).toBe(a === b);
        }),
        { numRuns: 500 },
      );
    });
  });
});
