import type { EvalSummary, GroupStats } from "@tunix-rt/contracts";
import { wilsonInterval } from "./wilson.js";

interface Counts {
  n: number;
  correct: number;
  format: number;
}

const stats = (c: Counts): GroupStats => ({
  n: c.n,
  correct: c.correct,
  accuracy: c.n ? c.correct / c.n : 0,
  ci95: wilsonInterval(c.correct, c.n),
  format_ok: c.format,
  format_rate: c.n ? c.format / c.n : 0,
});

/** Adds scored items up one at a time (constant memory, however many items), then summarises. */
export class EvalAccumulator {
  private all: Counts = { n: 0, correct: 0, format: 0 };
  private answered = 0;
  private outputTokens = 0;
  private outputCounted = 0;
  private reasoningTokens = 0;
  private reasoningCounted = 0;
  private readonly categories = new Map<string, Counts>();
  private readonly difficulties = new Map<string, Counts>();

  add(item: {
    correct: boolean;
    formatOk: boolean;
    answered: boolean;
    category: string | null;
    difficulty: string | null;
    outputTokens: number | null;
    reasoningTokens: number | null;
  }) {
    const bump = (c: Counts) => {
      c.n++;
      if (item.correct) c.correct++;
      if (item.formatOk) c.format++;
    };
    bump(this.all);
    if (item.category !== null) bump(this.group(this.categories, item.category));
    if (item.difficulty !== null) bump(this.group(this.difficulties, item.difficulty));
    if (item.answered) this.answered++;
    if (item.outputTokens !== null) {
      this.outputTokens += item.outputTokens;
      this.outputCounted++;
    }
    if (item.reasoningTokens !== null) {
      this.reasoningTokens += item.reasoningTokens;
      this.reasoningCounted++;
    }
  }

  private group(map: Map<string, Counts>, key: string): Counts {
    const known = map.get(key);
    if (known) return known;
    const c = { n: 0, correct: 0, format: 0 };
    map.set(key, c);
    return c;
  }

  summary(): EvalSummary {
    const byKey = (map: Map<string, Counts>) =>
      Object.fromEntries(
        [...map.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, c]) => [k, stats(c)]),
      );
    return {
      ...stats(this.all),
      answered: this.answered,
      mean_output_tokens: this.outputCounted ? this.outputTokens / this.outputCounted : null,
      mean_reasoning_tokens: this.reasoningCounted ? this.reasoningTokens / this.reasoningCounted : null,
      tokens_per_correct:
        this.all.correct && this.outputCounted ? this.outputTokens / this.all.correct : null,
      by_category: byKey(this.categories),
      by_difficulty: byKey(this.difficulties),
    };
  }
}
