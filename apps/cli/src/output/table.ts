import { padEnd, padStart, truncate } from "./text.js";

export interface Column {
  header: string;
  width: number;
  align?: "left" | "right";
}

const SEP = "  ";

/**
 * One table row with fixed column widths. Widths are fixed up front (not measured per row) so
 * that rows streamed page by page (`list --all`) stay aligned with the header printed first.
 */
export function formatRow(cells: readonly string[], columns: readonly Column[]): string {
  const out = columns.map((col, i) => {
    const cell = truncate(cells[i] ?? "", col.width);
    return col.align === "right" ? padStart(cell, col.width) : padEnd(cell, col.width);
  });
  return out.join(SEP).trimEnd();
}

export function formatHeader(columns: readonly Column[]): string {
  return formatRow(
    columns.map((c) => c.header),
    columns,
  );
}

/** Width left for a final flexible column once the fixed ones and separators are placed. */
export function remainingWidth(total: number, fixed: readonly number[], min: number): number {
  const used = fixed.reduce((a, b) => a + b, 0) + SEP.length * fixed.length;
  return Math.max(min, total - used);
}
