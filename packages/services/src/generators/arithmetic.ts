import type { ReasoningTrace } from "@tunix-rt/contracts";
import { createRng, type Rng } from "./prng.js";

export type Difficulty = 1 | 2 | 3;
type Op = "+" | "-" | "*";

const apply = (a: number, op: Op, b: number) => (op === "+" ? a + b : op === "-" ? a - b : a * b);
const VERB: Record<Op, string> = { "+": "Add", "-": "Subtract", "*": "Multiply" };

interface Problem {
  expression: string;
  steps: string[];
  answer: number;
}

function operand(rng: Rng, difficulty: Difficulty, op: Op) {
  if (op === "*") return rng.int(2, difficulty === 1 ? 9 : difficulty === 2 ? 19 : 49);
  return rng.int(1, difficulty === 1 ? 20 : difficulty === 2 ? 99 : 999);
}

/**
 * Builds a left-to-right chain with explicit parentheses, e.g. ((12 + 7) * 3) - 5, so there is
 * exactly one correct order of steps; each step is one operation with its result.
 */
function buildProblem(rng: Rng, difficulty: Difficulty): Problem {
  const ops = difficulty; // 1, 2 or 3 operations
  let value = operand(rng, difficulty, "+");
  let expression = String(value);
  const steps: string[] = [];
  for (let k = 0; k < ops; k++) {
    const op: Op = rng.pick(difficulty === 1 ? ["+", "-", "*"] : ["+", "-", "*", "*"]);
    const b = operand(rng, difficulty, op);
    const result = apply(value, op, b);
    steps.push(`${VERB[op]}: ${value} ${op} ${b} = ${result}`);
    expression = k === 0 ? `${expression} ${op} ${b}` : `(${expression}) ${op} ${b}`;
    value = result;
  }
  return { expression, steps, answer: value };
}

/** Multi-step integer problems with correct worked steps; `difficulty` 1–3 = number of operations. */
export function arithmeticTrace(
  seed: number,
  index: number,
  difficulty: Difficulty | "mixed",
): ReasoningTrace {
  const rng = createRng(seed, index);
  const level: Difficulty = difficulty === "mixed" ? (rng.int(1, 3) as Difficulty) : difficulty;
  const p = buildProblem(rng, level);
  return {
    trace_version: "1.0",
    prompt: `What is ${p.expression}?`,
    final_answer: String(p.answer),
    steps: [
      ...p.steps.map((content, i) => ({ i, type: "compute", content })),
      { i: p.steps.length, type: "answer", content: `The result is ${p.answer}` },
    ],
    meta: { source: "arithmetic", difficulty: level, expected_answer: String(p.answer), seed, index },
  };
}
