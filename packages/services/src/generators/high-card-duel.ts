import type { ReasoningTrace } from "@tunix-rt/contracts";
import { createRng } from "./prng.js";

// Card text as the seed's UNGAR integration wrote it: rank then suit ("AS", "TH", "9C").
const RANKS = ["2", "3", "4", "5", "6", "7", "8", "9", "T", "J", "Q", "K", "A"] as const;
const SUITS = ["S", "H", "D", "C"] as const;
const RANK_NAMES: Record<string, string> = { T: "10", J: "jack", Q: "queen", K: "king", A: "ace" };

export interface Duel {
  myCard: string;
  opponentCard: string;
  result: "win" | "loss" | "tie";
}

/** One High Card Duel episode: two distinct cards from one deck; the higher rank wins, ace high. */
export function playDuel(seed: number, episode: number): Duel {
  const rng = createRng(seed, episode);
  const first = rng.int(0, 51);
  let second = rng.int(0, 50);
  if (second >= first) second++;
  const card = (n: number) => `${RANKS[n % 13]}${SUITS[Math.floor(n / 13)]}`;
  const diff = (first % 13) - (second % 13);
  return {
    myCard: card(first),
    opponentCard: card(second),
    result: diff > 0 ? "win" : diff < 0 ? "loss" : "tie",
  };
}

/** The seed's UNGAR trace, byte for byte in prompt, steps and meta. */
export function highCardDuelTrace(seed: number | null, episode: number, actualSeed: number): ReasoningTrace {
  const duel = playDuel(actualSeed, episode);
  return {
    trace_version: "1.0",
    prompt: "High Card Duel: You have 1 hidden card. Action: reveal.",
    final_answer: "reveal",
    steps: [
      { i: 0, type: "legal_moves", content: "Legal moves: [reveal]" },
      { i: 1, type: "observation", content: `My hand: ${duel.myCard}` },
      { i: 2, type: "unseen", content: "Unseen cards: 51" },
      { i: 3, type: "decision", content: "Action chosen: reveal" },
    ],
    meta: {
      source: "ungar",
      game: "high_card_duel",
      episode_index: episode,
      my_card: duel.myCard,
      opponent_card: duel.opponentCard,
      result: duel.result,
      ...(seed === null ? {} : { seed }),
    },
  };
}

const rankName = (card: string) => RANK_NAMES[card[0]!] ?? card[0]!;

/** A variant with something to learn: given both cards, who wins? */
export function highCardDuelWinnerTrace(seed: number, episode: number): ReasoningTrace {
  const duel = playDuel(seed, episode);
  const my = RANKS.indexOf(duel.myCard[0] as (typeof RANKS)[number]);
  const opp = RANKS.indexOf(duel.opponentCard[0] as (typeof RANKS)[number]);
  const answer = duel.result === "win" ? "you" : duel.result === "loss" ? "opponent" : "tie";
  const comparison = my > opp ? "higher than" : my < opp ? "lower than" : "the same rank as";
  return {
    trace_version: "1.0",
    prompt: `High Card Duel: you hold ${duel.myCard} and your opponent holds ${duel.opponentCard}. Aces are high and suits do not matter. Who wins: you, opponent, or tie?`,
    final_answer: answer,
    steps: [
      {
        i: 0,
        type: "observation",
        content: `My card ${duel.myCard} has rank ${rankName(duel.myCard)}; the opponent's ${duel.opponentCard} has rank ${rankName(duel.opponentCard)}`,
      },
      {
        i: 1,
        type: "compare",
        content: `Rank ${rankName(duel.myCard)} is ${comparison} rank ${rankName(duel.opponentCard)}`,
      },
      {
        i: 2,
        type: "decision",
        content:
          duel.result === "tie"
            ? "Equal ranks: the duel is a tie"
            : `The higher card wins, so the winner is: ${answer}`,
      },
    ],
    meta: {
      source: "high_card_duel_winner",
      game: "high_card_duel",
      episode_index: episode,
      my_card: duel.myCard,
      opponent_card: duel.opponentCard,
      result: duel.result,
      seed,
      expected_answer: answer,
    },
  };
}
