// Pure formatters for `tunix-rt evals …`: functions of API responses and a width. Prompts and
// outputs come from users and models, so they pass through sanitize/oneLine before the terminal.
import type { EvalItemResult, EvalSetSummary, EvaluationDetail, GroupStats } from "@tunix-rt/contracts";
import { type Column, formatHeader, formatRow, remainingWidth } from "./table.js";
import { formatTimestamp, oneLine, sanitize, wrap } from "./text.js";

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** "62.0% [55.1–68.4%] (124/200)": accuracy, its 95% interval, and the counts it comes from. */
export function formatAccuracy(s: Pick<GroupStats, "accuracy" | "ci95" | "correct" | "n">): string {
  return `${pct(s.accuracy)} [${(100 * s.ci95[0]).toFixed(1)}–${pct(s.ci95[1])}] (${s.correct}/${s.n})`;
}

/** "run 0190…/checkpoints/400", "run 0190… init", "base gemma-3-1b-it (tunix)". */
export function formatSubject(e: Pick<EvaluationDetail, "subject" | "model_id" | "trainer">): string {
  const { subject } = e;
  if (!subject.run_id) return `base ${e.model_id} (${e.trainer})`;
  const what = subject.checkpoint === "init" ? "init" : `step ${subject.step}`;
  return `run ${subject.run_id} ${what}${subject.requested !== subject.checkpoint && subject.requested !== String(subject.step) ? ` (${subject.requested})` : ""}`;
}

export function formatEvalSets(sets: readonly EvalSetSummary[], width: number): string[] {
  if (!sets.length) return ["no eval sets yet: tunix-rt evals sets import NAME VERSION FILE"];
  const cols: Column[] = [
    { header: "KEY", width: Math.min(40, Math.max(3, ...sets.map((s) => s.eval_set_key.length))) },
    { header: "ITEMS", width: 7, align: "right" },
    { header: "SOURCE", width: 10 },
    { header: "CREATED (UTC)", width: 16 },
  ];
  cols.push({
    header: "DESCRIPTION",
    width: remainingWidth(
      width,
      cols.map((c) => c.width),
      10,
    ),
  });
  return [
    formatHeader(cols),
    ...sets.map((s) =>
      formatRow(
        [
          s.eval_set_key,
          String(s.item_count),
          String(s.source.kind ?? ""),
          formatTimestamp(s.created_at).slice(0, 16),
          oneLine(s.description ?? ""),
        ],
        cols,
      ),
    ),
  ];
}

const counts = (o: Record<string, number>) =>
  Object.entries(o)
    .map(([k, n]) => `${oneLine(k)} ${n}`)
    .join(", ") || "-";

export function formatEvalSet(s: EvalSetSummary): string[] {
  const src = s.source as Record<string, unknown>;
  const from =
    src.kind === "dataset"
      ? `the ${src.split} split of dataset ${src.dataset_key}`
      : src.kind === "generator"
        ? `generator ${src.generator} (seed ${src.seed})${src.exclude_dataset ? `, holding out dataset ${src.exclude_dataset}` : ""}`
        : "an imported file";
  return [
    `eval set ${s.eval_set_key}: ${s.item_count} items from ${from}`,
    ...(s.description ? [`  ${oneLine(s.description)}`] : []),
    `  content hash  ${s.content_hash}`,
    `  created       ${formatTimestamp(s.created_at)}`,
    `  answers from  ${s.extraction.join(" → ")}`,
    `  categories    ${counts(s.stats.categories)}`,
    `  difficulties  ${counts(s.stats.difficulties)}`,
  ];
}

function breakdown(title: string, groups: Record<string, GroupStats>): string[] {
  const entries = Object.entries(groups);
  if (entries.length < 2) return [];
  const w = Math.min(24, Math.max(...entries.map(([k]) => k.length)));
  return [
    `  by ${title}:`,
    ...entries.map(
      ([k, g]) => `    ${oneLine(k).padEnd(w)}  ${formatAccuracy(g)}  format ${pct(g.format_rate)}`,
    ),
  ];
}

/** A token count for reading: grouped digits, a decimal only where it still says something. */
export const formatTokens = (x: number) =>
  x.toLocaleString("en-US", { maximumFractionDigits: x < 100 ? 1 : 0 });

/** An evaluation: what was evaluated, its state, and once done accuracy with interval and breakdowns. */
export function formatEvaluation(e: EvaluationDetail): string[] {
  const out = [
    `evaluation ${e.evaluation_id}: ${formatSubject(e)} on ${e.eval_set.key} (${e.eval_set.item_count} items) — ${e.status}`,
  ];
  if (e.progress) {
    const { done, total, items_per_second: rate, eta_seconds: eta } = e.progress;
    out.push(
      `  progress      ${done}/${total} items${rate === null ? "" : `, ${rate.toFixed(1)} items/s`}${eta === null ? "" : `, about ${eta} s left`}`,
    );
  }
  if (e.error) out.push(`  error         ${oneLine(e.error)}`);
  const s = e.summary;
  if (!s) return out;
  out.push(
    `  accuracy      ${formatAccuracy(s)}  (95% Wilson interval)`,
    `  verdict       ${e.verdict} (threshold ${pct(e.pass_threshold)})`,
    `  format        ${pct(s.format_rate)} in the trained ${e.response_style} layout; an answer found in ${s.answered}/${s.n}`,
  );
  if (s.mean_reasoning_tokens !== null)
    out.push(`  reasoning     ${s.mean_reasoning_tokens.toFixed(1)} Gemma tokens on average`);
  if (s.tokens_per_correct !== null)
    out.push(`  cost          ${formatTokens(s.tokens_per_correct)} output tokens per correct answer`);
  const j = e.llm_judge;
  if (j)
    out.push(
      `  llm judge     ${pct(j.accuracy)} [${(100 * j.ci95[0]).toFixed(1)}–${pct(j.ci95[1])}] of ${j.judged} judged by ${j.judge.model}; ${j.unparseable} unparseable, ${j.errors} errors; agrees with the verifier on ${j.agreement_with_verifier === null ? "—" : pct(j.agreement_with_verifier)}; ${formatTokens(j.prompt_tokens + j.completion_tokens)} tokens`,
    );
  out.push(...breakdown("category", s.by_category), ...breakdown("difficulty", s.by_difficulty));
  return out;
}

export function formatEvaluations(rows: readonly EvaluationDetail[], width: number): string[] {
  if (!rows.length) return ["no evaluations"];
  const cols: Column[] = [
    { header: "ID", width: 36 },
    { header: "STATUS", width: 10 },
    { header: "EVAL SET", width: 18 },
    { header: "ACCURACY", width: 24 },
  ];
  cols.push({
    header: "MODEL",
    width: remainingWidth(
      width,
      cols.map((c) => c.width),
      12,
    ),
  });
  return [
    formatHeader(cols),
    ...rows.map((e) =>
      formatRow(
        [
          e.evaluation_id,
          e.status,
          e.eval_set.key,
          e.summary ? formatAccuracy(e.summary) : e.progress ? `${e.progress.done}/${e.progress.total}` : "-",
          formatSubject(e),
        ],
        cols,
      ),
    ),
  ];
}

/** One item result: question, expected vs extracted answer, then the model's whole output. */
export function formatItemResult(r: EvalItemResult, width: number): string[] {
  const mark = r.correct ? "✓" : "✗";
  const fmt = r.format_ok ? "" : "  (badly formatted)";
  return [
    `${mark} #${r.position} ${oneLine(r.item_id)}${r.category ? ` [${oneLine(r.category)}]` : ""}${fmt}`,
    ...wrap(`question: ${oneLine(r.prompt)}`, width - 2).map((l) => `  ${l}`),
    `  expected ${oneLine(r.expected_answer)}, found ${r.extracted === null ? "no answer" : oneLine(r.extracted)}${r.extraction ? ` (${r.extraction})` : ""}`,
    ...sanitize(r.output)
      .split("\n")
      .map((l) => `  │ ${l}`),
  ];
}
