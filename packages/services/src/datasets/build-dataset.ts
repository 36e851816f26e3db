import { createHash } from "node:crypto";
import type { BuildDatasetBody, BuildDatasetResponse, SplitName } from "@tunix-rt/contracts";
import { queryRows, sql } from "@tunix-rt/db";
import { AppError } from "../app-error.js";
import { type ServiceDeps, timedWrite } from "../deps.js";
import { newId } from "../ids.js";
import { FOREIGN_KEY_VIOLATION, pgErrorCode, UNIQUE_VIOLATION } from "../pg-error.js";
import { assignSplit } from "./assign-split.js";
import { datasetKey } from "./dataset-key.js";
import { selectTraces } from "./select-traces.js";

const MEMBER_BATCH = 5000;

/** sha256 over the members' content hashes and splits in order: equal content, equal hash. */
export function datasetContentHash(members: Array<{ content_hash: string; split: SplitName }>): string {
  const h = createHash("sha256");
  for (const m of members) h.update(`${m.content_hash} ${m.split}\n`);
  return h.digest("hex");
}

/** Freezes a selection of traces into a new, immutable dataset version. */
export async function buildDataset(deps: ServiceDeps, req: BuildDatasetBody): Promise<BuildDatasetResponse> {
  const key = datasetKey(req.dataset_name, req.dataset_version);
  const exists = await queryRows(deps.db, sql`SELECT 1 FROM datasets WHERE dataset_key = ${key}`);
  if (exists.length)
    throw new AppError(
      "conflict",
      `Dataset ${key} already exists; datasets are immutable, build a new version`,
    );

  const selected = await selectTraces(deps, req);
  if (selected.length === 0)
    throw new AppError("validation", "Dataset is empty. No traces matched the filters.");
  const members = selected.map((c, position) => ({
    ...c,
    position,
    split: assignSplit(c.content_hash, req.split),
  }));
  const splitCounts: Record<SplitName, number> = { train: 0, val: 0, test: 0 };
  for (const m of members) splitCounts[m.split]++;
  const contentHash = datasetContentHash(members);
  const id = newId();

  await timedWrite(deps, "build_dataset", () =>
    deps.db.transaction(async (tx) => {
      try {
        await tx.execute(sql`INSERT INTO datasets (id, dataset_key, dataset_name, dataset_version, request, trace_count, split_counts, stats, content_hash, parent_dataset_id)
          VALUES (${id}, ${key}, ${req.dataset_name}, ${req.dataset_version}, ${JSON.stringify(req)}::json, ${members.length},
                  ${JSON.stringify(splitCounts)}::json, '{}'::json, ${contentHash}, ${req.parent_dataset_id ?? null})`);
      } catch (err) {
        if (pgErrorCode(err) === UNIQUE_VIOLATION)
          throw new AppError(
            "conflict",
            `Dataset ${key} already exists; datasets are immutable, build a new version`,
          );
        throw err;
      }
      for (let i = 0; i < members.length; i += MEMBER_BATCH) {
        const chunk = members.slice(i, i + MEMBER_BATCH).map((m) => ({ p: m.position, t: m.id, s: m.split }));
        try {
          await tx.execute(sql`INSERT INTO dataset_members (dataset_id, position, trace_id, split)
            SELECT ${id}, x.p, x.t, x.s FROM jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) AS x(p int, t uuid, s varchar(8))`);
        } catch (err) {
          // A selected trace deleted meanwhile: the build fails whole rather than freezing a hole.
          if (pgErrorCode(err) === FOREIGN_KEY_VIOLATION)
            throw new AppError("conflict", "A selected trace was deleted during the build; build again");
          throw err;
        }
      }
      await tx.execute(sql`UPDATE datasets SET stats = (
        SELECT json_build_object(
          'trace_count', count(*),
          'avg_step_count', round(avg(t.step_count)::numeric, 2),
          'min_step_count', min(t.step_count),
          'max_step_count', max(t.step_count),
          'total_steps', sum(t.step_count),
          'total_chars', sum(c.chars),
          'avg_total_chars', round(avg(c.chars)::numeric, 2))
        FROM dataset_members m JOIN traces t ON t.id = m.trace_id
        CROSS JOIN LATERAL (SELECT char_length(t.payload->>'prompt') + char_length(t.payload->>'final_answer')
          + (SELECT coalesce(sum(char_length(s->>'content')), 0) FROM json_array_elements(t.payload->'steps') s) AS chars) c
        WHERE m.dataset_id = ${id}) WHERE id = ${id}`);
    }),
  );
  return {
    dataset_key: key,
    build_id: id,
    trace_count: members.length,
    split_counts: splitCounts,
    content_hash: contentHash,
    manifest_path: `/api/datasets/${encodeURIComponent(key)}/manifest.json`,
  };
}
