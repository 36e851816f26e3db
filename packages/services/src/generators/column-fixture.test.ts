import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderGemma } from "../render/chat-template.js";
import { type ArithmeticOptions, arithmeticTrace, type Difficulty } from "./arithmetic.js";

/**
 * column-fixture.json holds traces and their Gemma renderings as this code makes them; the Python
 * mirror (trainers/tunix_rt_trainer/arithmetic.py) is tested against the same file
 * (trainers/tests/test_arithmetic_mirror.py), so the two cannot drift apart silently.
 * After an intended change: UPDATE_COLUMN_FIXTURE=1 npx vitest run <this file>, then
 * npx biome format --write column-fixture.json (its layout; the tests compare parsed values).
 */
const FIXTURE = new URL("./column-fixture.json", import.meta.url);

interface Case {
  seed: number;
  index: number;
  difficulty: Difficulty | "mixed";
  options: ArithmeticOptions;
}

// Every step style and range, chains that go negative (difficulty 2 and 3), multi-digit
// multipliers, and a seed above 2^32 (the PRNG folds its high half in).
const COMBOS: Omit<Case, "seed" | "index">[] = [
  { difficulty: 1, options: {} },
  { difficulty: "mixed", options: {} },
  { difficulty: 1, options: { steps: "columns" } },
  { difficulty: 1, options: { digits: 2, steps: "columns" } },
  { difficulty: 1, options: { digits: 3, steps: "operations" } },
  { difficulty: 2, options: { steps: "columns" } },
  { difficulty: 3, options: { digits: 4, steps: "columns" } },
  { difficulty: "mixed", options: { digits: 1, steps: "columns" } },
];
const CASES: Case[] = [7, 2 ** 40 + 3].flatMap((seed) =>
  COMBOS.flatMap((c) => [0, 1].map((index) => ({ seed, index, ...c }))),
);

function make(c: Case) {
  const trace = arithmeticTrace(c.seed, c.index, c.difficulty, c.options);
  const numbered = renderGemma(trace, { responseStyle: "numbered" });
  const tagged = renderGemma(trace, { responseStyle: "tagged" });
  return { ...c, trace, numbered: numbered.text, tagged: tagged.text };
}

describe("column-fixture.json (shared with the Python mirror)", () => {
  if (process.env.UPDATE_COLUMN_FIXTURE) {
    writeFileSync(FIXTURE, `${JSON.stringify(CASES.map(make), null, 2)}\n`);
  }
  const fixture = JSON.parse(readFileSync(FIXTURE, "utf8")) as ReturnType<typeof make>[];

  it("covers every case and is what the generator and renderGemma make today", () => {
    expect(
      fixture.map(({ seed, index, difficulty, options }) => ({ seed, index, difficulty, options })),
    ).toEqual(CASES);
    for (const [k, c] of CASES.entries()) expect(make(c)).toEqual(fixture[k]);
  });

  it("has column traces with many steps, negative values and partial products", () => {
    const columns = fixture.filter((f) => f.options.steps === "columns");
    const contents = columns.flatMap((f) => f.trace.steps.map((s) => s.content));
    expect(contents.some((c) => c.startsWith("Rewrite: -"))).toBe(true);
    expect(contents.some((c) => c.startsWith("Shift: "))).toBe(true);
    expect(contents.some((c) => /^Hundreds: 1\d - /.test(c))).toBe(true);
  });
});
