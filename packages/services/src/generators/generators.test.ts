import { ReasoningTrace } from "@tunix-rt/contracts";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arithmeticTrace } from "./arithmetic.js";
import { highCardDuelTrace, highCardDuelWinnerTrace, playDuel } from "./high-card-duel.js";
import { createRng } from "./prng.js";

/** Evaluates our parenthesised +, -, * expressions independently of the generator's own steps. */
function evaluate(expr: string): number {
  if (!/^[\d\s()+*-]+$/.test(expr)) throw new Error(`unexpected expression ${expr}`);
  return Function(`"use strict"; return (${expr});`)() as number;
}

describe("prng", () => {
  it("is deterministic per (seed, stream) and differs across streams", () => {
    const a = createRng(42, 1);
    const b = createRng(42, 1);
    const c = createRng(42, 2);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
  });

  it("draws ints inside their bounds, covering them", () => {
    const r = createRng(1);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const v = r.int(3, 9);
      expect(v).toBeGreaterThanOrEqual(3);
      expect(v).toBeLessThanOrEqual(9);
      seen.add(v);
    }
    expect(seen.size).toBe(7);
  });
});

describe("high_card_duel (the seed's UNGAR traces)", () => {
  it("has the seed's prompt, steps and meta", () => {
    const t = highCardDuelTrace(42, 0, 42);
    expect(t.prompt).toBe("High Card Duel: You have 1 hidden card. Action: reveal.");
    expect(t.final_answer).toBe("reveal");
    expect(t.steps.map((s) => s.type)).toEqual(["legal_moves", "observation", "unseen", "decision"]);
    expect(t.steps[1]!.content).toMatch(/^My hand: [2-9TJQKA][SHDC]$/);
    expect(Object.keys(t.meta!)).toEqual([
      "source",
      "game",
      "episode_index",
      "my_card",
      "opponent_card",
      "result",
      "seed",
    ]);
    expect(highCardDuelTrace(null, 0, 42).meta).not.toHaveProperty("seed");
  });

  it("deals two different cards and scores them by rank", () => {
    const order = "23456789TJQKA";
    fc.assert(
      fc.property(fc.nat(), fc.nat(10_000), (seed, episode) => {
        const d = playDuel(seed, episode);
        expect(d.myCard).not.toBe(d.opponentCard);
        const diff = order.indexOf(d.myCard[0]!) - order.indexOf(d.opponentCard[0]!);
        expect(d.result).toBe(diff > 0 ? "win" : diff < 0 ? "loss" : "tie");
      }),
    );
  });

  it("the winner variant's answer is right and valid as a trace", () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(10_000), (seed, episode) => {
        const t = highCardDuelWinnerTrace(seed, episode);
        const d = playDuel(seed, episode);
        expect(t.final_answer).toBe({ win: "you", loss: "opponent", tie: "tie" }[d.result]);
        expect(t.meta!.expected_answer).toBe(t.final_answer);
        expect(ReasoningTrace.safeParse(t).success).toBe(true);
      }),
    );
  });
});

describe("arithmetic", () => {
  it("asks a problem whose answer and worked steps are correct", () => {
    fc.assert(
      fc.property(
        fc.nat(),
        fc.nat(100_000),
        fc.constantFrom<1 | 2 | 3 | "mixed">(1, 2, 3, "mixed"),
        (seed, index, difficulty) => {
          const t = arithmeticTrace(seed, index, difficulty);
          const expr = /^What is (.+)\?$/.exec(t.prompt)![1]!;
          expect(String(evaluate(expr))).toBe(t.final_answer);
          expect(t.meta!.expected_answer).toBe(t.final_answer);
          for (const s of t.steps.slice(0, -1)) {
            const m = /^\w+: (-?\d+) ([+*-]) (\d+) = (-?\d+)$/.exec(s.content)!;
            expect(evaluate(`${m[1]} ${m[2]} ${m[3]}`)).toBe(Number(m[4]));
          }
          if (difficulty !== "mixed") expect(t.steps.length).toBe(difficulty + 1);
          expect(ReasoningTrace.safeParse(t).success).toBe(true);
        },
      ),
    );
  });

  it("depends only on (seed, index)", () => {
    expect(arithmeticTrace(7, 123, "mixed")).toEqual(arithmeticTrace(7, 123, "mixed"));
    expect(arithmeticTrace(7, 123, "mixed")).not.toEqual(arithmeticTrace(7, 124, "mixed"));
  });
});
