import type { EvalSetSummary, ExtractionMethod } from "@tunix-rt/contracts";
import { queryRows, sql } from "@tunix-rt/db";
import { AppError } from "../app-error.js";
import type { ServiceDeps } from "../deps.js";
import { toIso } from "../ids.js";

export interface EvalSetRow {
  id: string;
  eval_set_key: string;
  name: string;
  version: string;
  description: string | null;
  created_at: string;
  source: Record<string, unknown>;
  extraction: ExtractionMethod[];
  item_count: number;
  content_hash: string;
  stats: { categories: Record<string, number>; difficulties: Record<string, number> };
}

export function toEvalSetSummary(r: EvalSetRow): EvalSetSummary {
  return {
    eval_set_key: r.eval_set_key,
    eval_set_id: r.id,
    name: r.name,
    version: r.version,
    description: r.description,
    created_at: toIso(r.created_at),
    item_count: Number(r.item_count),
    content_hash: r.content_hash,
    source: r.source,
    extraction: r.extraction,
    stats: r.stats,
  };
}

export async function getEvalSetRow(deps: ServiceDeps, key: string): Promise<EvalSetRow> {
  const rows = await queryRows<EvalSetRow>(deps.db, sql`SELECT * FROM eval_sets WHERE eval_set_key = ${key}`);
  if (!rows[0]) throw new AppError("not_found", `Eval set not found: ${key}`);
  return rows[0];
}

export async function getEvalSet(deps: ServiceDeps, key: string): Promise<EvalSetSummary> {
  return toEvalSetSummary(await getEvalSetRow(deps, key));
}
