import { ReasoningTrace } from "@tunix-rt/contracts";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arithmeticTrace } from "./arithmetic.js";
import { columnSteps, PLACES } from "./column-steps.js";

/** Evaluates +, -, * expressions (parentheses allowed) independently of the generator. */
function evaluate(expr: string): number {
  if (!/^[\d\s()+*-]+$/.test(expr)) throw new Error(`unexpected expression ${expr}`);
  return Function(`"use strict"; return (${expr});`)() as number;
}

const COLUMN = new RegExp(`^(${PLACES.join("|")}): (1?\\d) ([+*-]) (\\d)(?: ([+-]) (\\d))? = (\\d+)$`);
const EQUATION = /^(\w+): (-?\d+) ([+*-]) (\d+) = (-?\d+)$/;
const REWRITE = /^Rewrite: (-?\d+) ([+*-]) (\d+) = (.+)$/;

interface Column {
  place: string;
  top: number;
  op: string;
  extra: number;
  value: number;
}

/**
 * Checks one run of column lines: each line's arithmetic, the places in order, the carry (or
 * borrow) each column takes from the one before, and returns the number the columns spell: the top
 * column's value followed by the last digit of every lower column.
 */
function checkColumns(lines: string[]): number {
  const cols: Column[] = lines.map((line, i) => {
    const m = COLUMN.exec(line);
    expect(m, line).not.toBeNull();
    const [, place, top, op, bottom, extraOp, extra, value] = m!;
    expect(place).toBe(PLACES[i]);
    expect(evaluate(`${top} ${op} ${bottom}${extraOp ? ` ${extraOp} ${extra}` : ""}`)).toBe(Number(value));
    expect(Number(value)).toBeLessThan(op === "-" ? 10 : 100);
    return {
      place: place!,
      top: Number(top),
      op: op!,
      extra: extra ? Number(extra) : 0,
      value: Number(value),
    };
  });
  for (let i = 1; i < cols.length; i++) {
    const prev = cols[i - 1]!;
    const inbound = prev.op === "-" ? (prev.top >= 10 ? 1 : 0) : Math.floor(prev.value / 10);
    expect(cols[i]!.extra, lines[i]).toBe(inbound);
  }
  return cols.reduce(
    (n, c, i) => (i === cols.length - 1 ? n + c.value * 10 ** i : n + (c.value % 10) * 10 ** i),
    0,
  );
}

/** Walks a column trace: runs of columns must spell the result of the equation that follows them. */
function checkColumnTrace(seed: number, index: number, difficulty: 1 | 2 | 3 | "mixed", digits?: number) {
  const t = arithmeticTrace(seed, index, difficulty, { digits, steps: "columns" });
  expect(ReasoningTrace.safeParse(t).success).toBe(true);
  const contents = t.steps.map((s) => s.content);
  expect(contents.at(-1)).toBe(`The result is ${t.final_answer}`);
  const expr = /^What is (.+)\?$/.exec(t.prompt)![1]!;
  expect(String(evaluate(expr))).toBe(t.final_answer);
  let run: string[] = [];
  for (const line of contents.slice(0, -1)) {
    if (COLUMN.test(line)) {
      run.push(line);
      continue;
    }
    const rw = REWRITE.exec(line);
    if (rw) {
      // The rewritten problem has the same value as the original one.
      expect(evaluate(rw[4]!.replace(/^-\(/, "-1 * ("))).toBe(evaluate(`(${rw[1]}) ${rw[2]} ${rw[3]}`));
      continue;
    }
    const m = EQUATION.exec(line);
    expect(m, line).not.toBeNull();
    const [, , a, op, b, result] = m!;
    expect(evaluate(`(${a}) ${op} ${b}`)).toBe(Number(result));
    // Columns work on magnitudes (a rewrite put the sign outside), so they spell |result|.
    if (run.length) expect(checkColumns(run), `${run.join(" | ")} → ${line}`).toBe(Math.abs(Number(result)));
    run = [];
  }
  return t;
}

describe("arithmetic with steps: columns", () => {
  it("works every operation in columns that check out and spell each result", () => {
    fc.assert(
      fc.property(
        fc.nat(),
        fc.nat(100_000),
        fc.constantFrom<1 | 2 | 3 | "mixed">(1, 2, 3, "mixed"),
        fc.constantFrom(undefined, 1, 2, 3, 4),
        (seed, index, difficulty, digits) => {
          checkColumnTrace(seed, index, difficulty, digits);
        },
      ),
      { numRuns: 400 },
    );
  });

  it("asks the same problems as steps: operations and ends each operation on the same step", () => {
    for (let index = 0; index < 200; index++) {
      const ops = arithmeticTrace(11, index, "mixed", { digits: 3 });
      const cols = arithmeticTrace(11, index, "mixed", { digits: 3, steps: "columns" });
      expect(cols.prompt).toBe(ops.prompt);
      expect(cols.final_answer).toBe(ops.final_answer);
      expect(cols.steps.filter((s) => s.type === "compute").map((s) => s.content)).toEqual(
        ops.steps.filter((s) => s.type === "compute").map((s) => s.content),
      );
      expect(cols.meta).toMatchObject({ digits: 3, steps: "columns" });
      expect(ops.meta).not.toHaveProperty("steps");
    }
  });

  it("depends only on (seed, index)", () => {
    const o = { digits: 2, steps: "columns" } as const;
    expect(arithmeticTrace(3, 9, 1, o)).toEqual(arithmeticTrace(3, 9, 1, o));
    expect(arithmeticTrace(3, 9, 1, o)).not.toEqual(arithmeticTrace(3, 10, 1, o));
  });

  it("with digits: 2 spans 1–99 for + and −, × by 2–9: ~20,000 distinct problems", () => {
    const drawn = { "+": 0, "-": 0, "*": 0 } as Record<string, number>;
    const distinct = { "+": new Set<string>(), "-": new Set<string>(), "*": new Set<string>() } as Record<
      string,
      Set<string>
    >;
    const operands = new Set<number>();
    const multipliers = new Set<number>();
    for (let index = 0; index < 6000; index++) {
      const t = arithmeticTrace(7, index, 1, { digits: 2, steps: "columns" });
      const [, a, op, b] = /^What is (\d+) ([+*-]) (\d+)\?$/.exec(t.prompt)!;
      drawn[op!]!++;
      distinct[op!]!.add(t.prompt);
      operands.add(Number(a));
      (op === "*" ? multipliers : operands).add(Number(b));
    }
    expect([...operands].sort((x, y) => x - y)).toEqual(Array.from({ length: 99 }, (_, k) => k + 1));
    expect([...multipliers].sort()).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    // + and − each have 99 × 99 problems: 2,000 draws of each are nearly all new; × has 99 × 8.
    for (const op of ["+", "-", "*"]) expect(drawn[op]).toBeGreaterThan(1800);
    for (const op of ["+", "-"]) expect(distinct[op]!.size / drawn[op]!).toBeGreaterThan(0.88);
    expect(distinct["*"]!.size).toBeGreaterThan(700);
    expect(distinct["*"]!.size).toBeLessThanOrEqual(99 * 8);
  });

  it("handles zero, borrows across zeros and negative running values", () => {
    expect(columnSteps(100, "-", 1).map((s) => s.content)).toEqual([
      "Ones: 10 - 1 = 9",
      "Tens: 10 - 0 - 1 = 9",
      "Hundreds: 1 - 0 - 1 = 0",
    ]);
    expect(columnSteps(0, "*", 7).map((s) => s.content)).toEqual(["Ones: 0 * 7 = 0"]);
    expect(columnSteps(-62, "+", 30)[0]!.content).toBe("Rewrite: -62 + 30 = -(62 - 30)");
    expect(columnSteps(-62, "+", 70)[0]!.content).toBe("Rewrite: -62 + 70 = 70 - 62");
    expect(columnSteps(-62, "-", 30)[0]!.content).toBe("Rewrite: -62 - 30 = -(62 + 30)");
    expect(columnSteps(-6, "*", 13)[0]!.content).toBe("Rewrite: -6 * 13 = -(6 * 13)");
    expect(columnSteps(47, "*", 20).map((s) => s.content)).toEqual([
      "Ones: 7 * 2 = 14",
      "Tens: 4 * 2 + 1 = 9",
      "Multiply: 47 * 2 = 94",
      "Shift: 94 * 10 = 940",
    ]);
  });
});
