import {
  ARITHMETIC_MAX_DIGITS,
  type GeneratorInfo,
  type GeneratorName,
  type ReasoningTrace,
} from "@tunix-rt/contracts";
import { type ArithmeticOptions, arithmeticTrace, type Difficulty } from "./arithmetic.js";
import { highCardDuelTrace, highCardDuelWinnerTrace } from "./high-card-duel.js";

export interface GeneratorOptions extends ArithmeticOptions {
  difficulty?: Difficulty | "mixed";
}

interface GeneratorDef extends GeneratorInfo {
  /** Trace number `index` of the run seeded `seed`; `explicitSeed` is null when the caller gave none. */
  make(seed: number, index: number, options: GeneratorOptions, explicitSeed: number | null): ReasoningTrace;
}

export const GENERATORS: Record<GeneratorName, GeneratorDef> = {
  high_card_duel: {
    name: "high_card_duel",
    source: "ungar",
    description:
      "The seed's UNGAR High Card Duel traces: one hidden card, the only move is reveal (structure, nothing to learn).",
    options: {},
    make: (seed, index, _o, explicitSeed) => highCardDuelTrace(explicitSeed, index, seed),
  },
  high_card_duel_winner: {
    name: "high_card_duel_winner",
    source: "high_card_duel_winner",
    description: "High Card Duel with both cards shown; the answer is who wins (you, opponent or tie).",
    options: {},
    make: (seed, index) => highCardDuelWinnerTrace(seed, index),
  },
  arithmetic: {
    name: "arithmetic",
    source: "arithmetic",
    description:
      "Multi-step integer problems (+, −, ×) with correct worked steps; answer in meta.expected_answer.",
    options: {
      difficulty: "1, 2 or 3 operations, or mixed (default)",
      digits: `largest + and − operand in digits, 1 to ${ARITHMETIC_MAX_DIGITS} (default by difficulty: up to 20, 99 or 999); 2 or more gives plenty of distinct problems`,
      steps:
        "operations (default): one step per operation; columns: each operation worked digit by digit with carries and borrows (what the small jax model learns, docs/trainers.md)",
    },
    make: (seed, index, o) => arithmeticTrace(seed, index, o.difficulty ?? "mixed", o),
  },
};

export const listGenerators = (): GeneratorInfo[] =>
  Object.values(GENERATORS).map(({ name, source, description, options }) => ({
    name,
    source,
    description,
    options,
  }));
