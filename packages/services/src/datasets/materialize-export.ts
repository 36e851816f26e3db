import { randomUUID } from "node:crypto";
import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { ExportDatasetQuery } from "@tunix-rt/contracts";
import type { ServiceDeps } from "../deps.js";
import { exportDatasetLines } from "./export-dataset.js";

/**
 * Writes a dataset export to a file under `dir` once (datasets are immutable, so it never goes
 * stale) and returns its path. Written to a temporary name and renamed, so a reader never sees a
 * half-written file.
 */
export async function materializeExport(
  deps: ServiceDeps,
  key: string,
  q: ExportDatasetQuery,
  dir: string,
): Promise<string> {
  const name = `${q.format}${q.split ? `-${q.split}` : ""}${q.response_style === "tagged" ? "-tagged" : ""}.jsonl`;
  const target = join(dir, name);
  if (existsSync(target) && !q.system_instruction) return target;
  mkdirSync(dir, { recursive: true });
  const tmp = `${target}.${randomUUID()}.tmp`;
  const { lines } = await exportDatasetLines(deps, key, q);
  const out = createWriteStream(tmp);
  try {
    for await (const line of lines) {
      if (!out.write(line)) await new Promise<void>((r) => out.once("drain", () => r()));
    }
    await new Promise<void>((resolve, reject) =>
      out.end((err?: Error | null) => (err ? reject(err) : resolve())),
    );
    renameSync(tmp, target);
  } catch (err) {
    out.destroy();
    rmSync(tmp, { force: true });
    throw err;
  }
  return target;
}
