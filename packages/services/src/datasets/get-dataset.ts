import type { DatasetDetail, DatasetStats, DatasetSummary } from "@tunix-rt/contracts";
import { queryRows, sql } from "@tunix-rt/db";
import { AppError } from "../app-error.js";
import type { ServiceDeps } from "../deps.js";
import { toIso } from "../ids.js";

export interface DatasetRow {
  id: string;
  dataset_key: string;
  dataset_name: string;
  dataset_version: string;
  created_at: string;
  request: Record<string, unknown>;
  trace_count: number;
  split_counts: Record<string, number>;
  stats: DatasetStats;
  content_hash: string;
  parent_dataset_id: string | null;
}

export const DATASET_COLUMNS = sql`id, dataset_key, dataset_name, dataset_version, created_at, request, trace_count, split_counts, stats, content_hash, parent_dataset_id`;

export function toSummary(r: DatasetRow): DatasetSummary {
  return {
    dataset_key: r.dataset_key,
    build_id: r.id,
    dataset_name: r.dataset_name,
    dataset_version: r.dataset_version,
    created_at: toIso(r.created_at),
    trace_count: Number(r.trace_count),
    split_counts: r.split_counts,
    content_hash: r.content_hash,
  };
}

export async function getDatasetRow(deps: ServiceDeps, key: string): Promise<DatasetRow> {
  const rows = await queryRows<DatasetRow>(
    deps.db,
    sql`SELECT ${DATASET_COLUMNS} FROM datasets WHERE dataset_key = ${key}`,
  );
  if (!rows[0]) throw new AppError("not_found", `Dataset not found: ${key}`);
  return rows[0];
}

/** The dataset's manifest: the seed's fields (without trace_ids; see manifest.json) plus ours. */
export async function getDataset(deps: ServiceDeps, key: string): Promise<DatasetDetail> {
  const r = await getDatasetRow(deps, key);
  const req = r.request;
  return {
    ...toSummary(r),
    dataset_schema_version: "1.0",
    filters: (req.filters as Record<string, unknown>) ?? {},
    selection_strategy: String(req.selection_strategy ?? "latest"),
    seed: (req.seed as number | null | undefined) ?? null,
    request: req,
    stats: {
      ...r.stats,
      avg_step_count: Number(r.stats.avg_step_count),
      avg_total_chars: Number(r.stats.avg_total_chars),
    },
    session_id: (req.session_id as string | null | undefined) ?? null,
    parent_dataset_id: r.parent_dataset_id,
    training_run_id: (req.training_run_id as string | null | undefined) ?? null,
  };
}
