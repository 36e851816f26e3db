import type { GeneratorInfo, GeneratorName, ReasoningTrace } from "@tunix-rt/contracts";
import { arithmeticTrace, type Difficulty } from "./arithmetic.js";
import { highCardDuelTrace, highCardDuelWinnerTrace } from "./high-card-duel.js";

export interface GeneratorOptions {
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
    options: { difficulty: "1, 2 or 3 operations, or mixed (default)" },
    make: (seed, index, o) => arithmeticTrace(seed, index, o.difficulty ?? "mixed"),
  },
};

export const listGenerators = (): GeneratorInfo[] =>
  Object.values(GENERATORS).map(({ name, source, description, options }) => ({
    name,
    source,
    description,
    options,
  }));
