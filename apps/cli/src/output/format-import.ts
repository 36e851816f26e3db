import type { ImportTracesResponse } from "@tunix-rt/contracts";
import { formatCount } from "./progress-stats.js";
import { oneLine } from "./text.js";

/**
 * "line" for NDJSON input (the server's numbers are the file's lines); "item" when the CLI
 * turned a JSON array or pretty-printed objects into lines, so the number is the element's.
 */
export type ImportUnit = "line" | "item";

/** "line 3: steps/0/content: must be at least 1 character", one per field error. */
export function formatRejected(r: ImportTracesResponse["rejected"][number], unit: ImportUnit): string[] {
  if (r.errors.length === 0) return [`${unit} ${r.line}: rejected`];
  return r.errors.map((e) => {
    // "(line)" marks whole-line problems (malformed JSON, too long): the field adds nothing.
    const field = e.field === "(line)" ? "" : `${oneLine(e.field)}: `;
    return `${unit} ${r.line}: ${field}${oneLine(e.message)}`;
  });
}

export function formatImportSummary(r: ImportTracesResponse, unit: ImportUnit): string[] {
  const out = [
    `received ${formatCount(r.received_count)} ${unit}s: ${formatCount(r.created_count)} created, ` +
      `${formatCount(r.skipped_count)} skipped as duplicates, ${formatCount(r.rejected_count)} rejected`,
  ];
  if (r.rejected_count > 0) {
    out.push("", `rejected ${unit}s:`);
    for (const rej of r.rejected) out.push(...formatRejected(rej, unit).map((l) => `  ${l}`));
    if (r.rejected_truncated) {
      const more = r.rejected_count - r.rejected.length;
      out.push(
        `  … and ${formatCount(more)} more rejected ${unit}s (the server reports the first ${formatCount(r.rejected.length)})`,
      );
    }
  }
  return out;
}
