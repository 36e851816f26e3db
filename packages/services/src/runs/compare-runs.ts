import type { RunComparison } from "@tunix-rt/contracts";
import { queryRows, sql } from "@tunix-rt/db";
import { AppError } from "../app-error.js";
import type { ServiceDeps } from "../deps.js";
import { isUuid } from "../ids.js";
import { liveFor, liveOf } from "./run-progress.js";
import { type RunRow, toRunSummary } from "./run-row.js";

type Scalar = string | number | boolean | null;

/** Which way a metric improves, from its name: losses fall, accuracies and rates rise. */
export function metricDirection(name: string): "lower" | "higher" | null {
  if (/loss|perplexity/.test(name)) return "lower";
  if (/accuracy|format_rate|per_second/.test(name)) return "higher";
  return null;
}

/** A config as dotted keys and scalar values (`trainer_options.lora`); lists as their JSON. */
export function flattenConfig(config: Record<string, unknown>, prefix = ""): Map<string, Scalar> {
  const out = new Map<string, Scalar>();
  for (const [k, v] of Object.entries(config)) {
    const key = prefix + k;
    if (v !== null && typeof v === "object" && !Array.isArray(v)) {
      for (const [kk, vv] of flattenConfig(v as Record<string, unknown>, `${key}.`)) out.set(kk, vv);
    } else if (Array.isArray(v)) out.set(key, JSON.stringify(v));
    else if (v === null || ["string", "number", "boolean"].includes(typeof v)) out.set(key, v as Scalar);
  }
  return out;
}

/** Every setting across the configs, one value per run, and whether they differ. */
export function compareParams(configs: Record<string, unknown>[]): RunComparison["params"] {
  const flat = configs.map((c) => flattenConfig(c));
  const keys = [...new Set(flat.flatMap((f) => [...f.keys()]))];
  return keys.map((key) => {
    const values = flat.map((f) => (f.has(key) ? f.get(key)! : null));
    return { key, values, differs: values.some((v) => v !== values[0]) };
  });
}

interface PointRow {
  run_id: string;
  name: string;
  value: number;
  step: number;
}

/** One point per (run, series), the first in the given order. */
const firstPoints = (deps: ServiceDeps, ids: string[], order: "last" | "min" | "max") =>
  queryRows<PointRow>(
    deps.db,
    sql`SELECT DISTINCT ON (run_id, name) run_id, name, value, step FROM run_metrics
        WHERE run_id IN (${sql.join(
          ids.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})
        ORDER BY run_id, name, ${order === "last" ? sql`step DESC` : order === "min" ? sql`value ASC, step` : sql`value DESC, step`}`,
  );

/** Runs side by side: their summaries, the settings (which differ), and final and best metrics. */
export async function compareRuns(deps: ServiceDeps, ids: string[]): Promise<RunComparison> {
  const bad = ids.filter((id) => !isUuid(id));
  if (bad.length) throw new AppError("not_found", `Tunix run not found: ${bad.join(", ")}`);
  const rows = await queryRows<RunRow>(
    deps.db,
    sql`SELECT * FROM runs WHERE id IN (${sql.join(
      ids.map((id) => sql`${id}::uuid`),
      sql`, `,
    )})`,
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  const missing = ids.filter((id) => !byId.has(id));
  if (missing.length) throw new AppError("not_found", `Tunix run not found: ${missing.join(", ")}`);
  const runs = ids.map((id) => byId.get(id)!);
  const live = await liveOf(deps, runs);

  const [last, min, max] = await Promise.all([
    firstPoints(deps, ids, "last"),
    firstPoints(deps, ids, "min"),
    firstPoints(deps, ids, "max"),
  ]);
  const at = (points: PointRow[]) => new Map(points.map((p) => [`${p.run_id} ${p.name}`, p]));
  const [lastAt, minAt, maxAt] = [at(last), at(min), at(max)];
  const names = [
    ...new Set([...last.map((p) => p.name), ...runs.flatMap((r) => Object.keys(r.final_metrics ?? {}))]),
  ].sort();
  const metrics = names.map((name) => {
    const better = metricDirection(name);
    return {
      name,
      better,
      final: runs.map((r) => r.final_metrics?.[name] ?? lastAt.get(`${r.id} ${name}`)?.value ?? null),
      best: runs.map((r) => {
        const p = better === null ? undefined : (better === "lower" ? minAt : maxAt).get(`${r.id} ${name}`);
        return p ? { value: Number(p.value), step: Number(p.step) } : null;
      }),
    };
  });
  return {
    runs: runs.map((r) => toRunSummary(r, liveFor(live, r.id))),
    params: compareParams(runs.map((r) => r.config)),
    metrics,
  };
}
