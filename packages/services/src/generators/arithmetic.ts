import type { ReasoningTrace } from "@tunix-rt/contracts";
import { columnSteps, type Op, type Step } from "./column-steps.js";
import { createRng, type Rng } from "./prng.js";

export type Difficulty = 1 | 2 | 3;
/** `operations`: one step per operation; `columns`: each operation worked digit by digit. */
export type StepStyle = "operations" | "columns";

export interface ArithmeticOptions {
  /** Largest + and − operand (and the first number) in digits; default by difficulty (20, 99, 999). */
  digits?: number;
  steps?: StepStyle;
}

const apply = (a: number, op: Op, b: number) => (op === "+" ? a + b : op === "-" ? a - b : a * b);
const VERB: Record<Op, string> = { "+": "Add", "-": "Subtract", "*": "Multiply" };

interface Problem {
  expression: string;
  steps: Step[];
  answer: number;
}

function operand(rng: Rng, difficulty: Difficulty, op: Op, digits: number | undefined) {
  if (op === "*") return rng.int(2, difficulty === 1 ? 9 : difficulty === 2 ? 19 : 49);
  const max = digits ? 10 ** digits - 1 : difficulty === 1 ? 20 : difficulty === 2 ? 99 : 999;
  return rng.int(1, max);
}

/**
 * Builds a left-to-right chain with explicit parentheses, e.g. ((12 + 7) * 3) - 5, so there is
 * exactly one correct order of steps; each operation ends in one step with its result. The draws
 * are the same whatever the step style, so `columns` works the very problems `operations` does.
 */
function buildProblem(rng: Rng, difficulty: Difficulty, o: ArithmeticOptions): Problem {
  const ops = difficulty; // 1, 2 or 3 operations
  let value = operand(rng, difficulty, "+", o.digits);
  let expression = String(value);
  const steps: Step[] = [];
  for (let k = 0; k < ops; k++) {
    const op: Op = rng.pick(difficulty === 1 ? ["+", "-", "*"] : ["+", "-", "*", "*"]);
    const b = operand(rng, difficulty, op, o.digits);
    const result = apply(value, op, b);
    if (o.steps === "columns") steps.push(...columnSteps(value, op, b));
    steps.push({ type: "compute", content: `${VERB[op]}: ${value} ${op} ${b} = ${result}` });
    expression = k === 0 ? `${expression} ${op} ${b}` : `(${expression}) ${op} ${b}`;
    value = result;
  }
  return { expression, steps, answer: value };
}

/**
 * Multi-step integer problems with correct worked steps; `difficulty` 1–3 = number of operations.
 * Options given are recorded in meta (absent ones leave the trace exactly as before they existed).
 */
export function arithmeticTrace(
  seed: number,
  index: number,
  difficulty: Difficulty | "mixed",
  options: ArithmeticOptions = {},
): ReasoningTrace {
  const rng = createRng(seed, index);
  const level: Difficulty = difficulty === "mixed" ? (rng.int(1, 3) as Difficulty) : difficulty;
  const p = buildProblem(rng, level, options);
  return {
    trace_version: "1.0",
    prompt: `What is ${p.expression}?`,
    final_answer: String(p.answer),
    steps: [
      ...p.steps.map((s, i) => ({ i, ...s })),
      { i: p.steps.length, type: "answer", content: `The result is ${p.answer}` },
    ],
    meta: {
      source: "arithmetic",
      difficulty: level,
      ...(options.digits ? { digits: options.digits } : {}),
      ...(options.steps ? { steps: options.steps } : {}),
      expected_answer: String(p.answer),
      seed,
      index,
    },
  };
}
