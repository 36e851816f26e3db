// Ranking, flips and the gate, for `tunix-rt evals leaderboard | compare --flips | gate`.
import type {
  ComparedItem,
  CompareItemDetail,
  GateResult,
  LeaderboardResponse,
  LeaderboardRow,
} from "@tunix-rt/contracts";
import { type Column, formatHeader, formatRow } from "./table.js";

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const interval = (ci: readonly [number, number]) => `${(100 * ci[0]).toFixed(1)}–${(100 * ci[1]).toFixed(1)}`;

/** "model A @ step 800", "run 01a2…:init", "base fixture:tiny", with registered versions. */
export function modelName(m: LeaderboardRow["model"]): string {
  if (!m.run_id) return m.key;
  const who = m.run_name ?? m.run_id.slice(0, 8);
  const at = m.checkpoint === "init" ? "init" : `step ${m.step}`;
  return `${who} @ ${at}${m.versions.length ? ` (${m.versions.join(", ")})` : ""}`;
}

export function formatLeaderboard(b: LeaderboardResponse, rankFrom = 1): string[] {
  if (b.data.length === 0) return ["no evaluated models match"];
  const columns: Column[] = [
    { header: "#", width: 3, align: "right" },
    { header: "MODEL", width: 34 },
    ...b.eval_sets.map((s): Column => ({ header: s.key.toUpperCase(), width: 26 })),
  ];
  const cell = (r: LeaderboardRow, key: string) => {
    const c = r.results[key];
    if (!c) return "—";
    const flag = c.contaminated_items ? ` ⚑${c.contaminated_items}` : "";
    return `${pct(c.accuracy)} [${interval(c.ci95)}] n=${c.n}${flag}`;
  };
  return [
    formatHeader(columns),
    ...b.data.map((r, i) =>
      formatRow(
        [String(rankFrom + i), modelName(r.model), ...b.eval_sets.map((s) => cell(r, s.key))],
        columns,
      ),
    ),
    `sorted by ${b.sorted_by.sort} on ${b.sorted_by.eval_set}; [95% interval]; ⚑ items also in the model's training data`,
  ];
}

const answer = (r: ComparedItem["baseline"]) => `${r.correct ? "✓" : "✗"} ${r.extracted ?? "(no answer)"}`;

export function formatFlips(items: ComparedItem[]): string[] {
  if (items.length === 0) return ["no items changed"];
  return items.map(
    (i) =>
      `#${i.position} ${i.change.padEnd(9)} expected ${i.expected_answer}: ${answer(i.baseline)} → ${answer(i.candidate)}${i.contaminated ? " ⚑" : ""}  ${i.prompt.replace(/\s+/g, " ").slice(0, 80)}`,
  );
}

const MARK = { same: "=", changed: "~", only_base: "-", only_other: "+" } as const;

/** One item's two outputs, step by step, as `traces compare` prints two traces. */
export function formatItemSteps(d: CompareItemDetail): string[] {
  const lines = [
    `item #${d.position} (${d.item_id}): ${d.prompt}`,
    `expected ${d.expected_answer}; baseline ${answer(d.baseline)}, candidate ${answer(d.candidate)}`,
  ];
  for (const [k, p] of d.alignment.pairs.entries()) {
    const b = p.base_index === null ? "" : d.baseline_steps[p.base_index]!.content;
    const c = p.other_index === null ? "" : d.candidate_steps[p.other_index]!.content;
    const first = d.alignment.first_divergence === k ? "  ← first divergence" : "";
    lines.push(`${MARK[p.kind]} ${b || "·"}  |  ${c || "·"}${first}`);
  }
  return lines;
}

export function formatGate(g: GateResult): string[] {
  const head = { pass: "PASS", fail: "FAIL", undecided: "UNDECIDED" }[g.verdict];
  const lines = [
    `${head}  ${g.candidate.model} against ${g.baseline_name} (${g.baseline.model}) on ${g.eval_set}`,
    `  ${g.reason}`,
  ];
  if (g.bootstrap_ci95)
    lines.push(`  bootstrap 95% interval of the difference: ${interval(g.bootstrap_ci95)} points`);
  for (const [who, s] of [
    ["baseline", g.baseline],
    ["candidate", g.candidate],
  ] as const)
    if (s.contaminated_items)
      lines.push(`  ⚑ ${s.contaminated_items} items were in the ${who}'s training data`);
  return lines;
}

const xml = (s: string) =>
  s.replace(
    /[<>&"']/g,
    (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!,
  );

/** JUnit XML, as CI systems read test results: one test case, failed or skipped as the gate decided. */
export function gateJunit(g: GateResult): string {
  const name = `${g.candidate.model} against ${g.baseline_name} on ${g.eval_set}`;
  const body =
    g.verdict === "fail"
      ? `<failure message="${xml(g.reason)}" type="regression"/>`
      : g.verdict === "undecided"
        ? `<skipped message="${xml(g.reason)}"/>`
        : "";
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="tunix-rt regression gate" tests="1" failures="${g.verdict === "fail" ? 1 : 0}" skipped="${g.verdict === "undecided" ? 1 : 0}">`,
    `  <testsuite name="${xml(g.baseline_name)}" tests="1" failures="${g.verdict === "fail" ? 1 : 0}" skipped="${g.verdict === "undecided" ? 1 : 0}">`,
    `    <testcase classname="tunix-rt.gate.${xml(g.eval_set)}" name="${xml(name)}">${body}</testcase>`,
    `  </testsuite>`,
    `</testsuites>`,
    "",
  ].join("\n");
}
