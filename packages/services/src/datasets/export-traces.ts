import type { ReasoningTrace } from "@tunix-rt/contracts";
import { queryRows, sql } from "@tunix-rt/db";
import { AppError } from "../app-error.js";
import type { ServiceDeps } from "../deps.js";
import { isUuid } from "../ids.js";
import type { RenderOptions } from "../render/chat-template.js";
import { type ExportFormat, exportRecord, type StoredTrace } from "../render/export-records.js";
import { pyJsonDumps } from "../render/python-json.js";

/** Parses a list of trace ids, naming the malformed ones (400, as the seed's Tunix export did). */
export function parseTraceIds(ids: string[], field = "trace_ids"): string[] {
  const bad = ids.filter((id) => !isUuid(id));
  if (bad.length) {
    throw new AppError(
      "bad_request",
      `Invalid trace id${bad.length > 1 ? "s" : ""}: ${bad.slice(0, 5).join(", ")}`,
      {
        errors: bad.slice(0, 20).map((id) => ({ field, message: `${JSON.stringify(id)} is not a UUID` })),
      },
    );
  }
  return ids;
}

/** Export lines for the given ids, in the order given (missing ids are skipped, as in the seed). */
export async function exportTraceIdLines(
  deps: ServiceDeps,
  ids: string[],
  format: ExportFormat,
  limit: number,
  opts: RenderOptions = {},
): Promise<string[]> {
  const wanted = ids.slice(0, limit);
  if (!wanted.length) return [];
  const rows = await queryRows<StoredTrace>(
    deps.db,
    sql`SELECT id, created_at, payload FROM traces WHERE id IN (${sql.join(
      wanted.map((id) => sql`${id}`),
      sql`, `,
    )})`,
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return wanted.flatMap((id) => {
    const t = byId.get(id);
    return t ? [`${pyJsonDumps(exportRecord(t, format, opts))}\n`] : [];
  });
}

/** The newest `limit` traces of one source (the UNGAR export), considering every stored trace. */
export async function exportSourceLines(
  deps: ServiceDeps,
  source: string,
  limit: number,
  format: ExportFormat,
): Promise<string[]> {
  const rows = await queryRows<{ id: string; created_at: string; payload: ReasoningTrace }>(
    deps.db,
    sql`SELECT id, created_at, payload FROM traces WHERE source = ${source} ORDER BY id DESC LIMIT ${limit}`,
  );
  return rows.map((t) => `${pyJsonDumps(exportRecord(t, format))}\n`);
}
