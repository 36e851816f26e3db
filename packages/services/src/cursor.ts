import type { TraceSort } from "@tunix-rt/contracts";
import { AppError } from "./app-error.js";
import { isUuid } from "./ids.js";

/** Where the next page starts: after this id, and (for a sorted list) after this sort value. */
export interface SortCursor {
  id: string;
  v?: string | number;
}

const invalid = (message: string) =>
  new AppError("validation", "cursor is invalid", { errors: [{ field: "query/cursor", message }] });

/** Cursors are opaque to clients: base64url of the last id seen (ids are time-ordered UUIDv7). */
export const encodeCursor = (id: string) => Buffer.from(id).toString("base64url");
export function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, "base64url").toString("utf8");
  if (!isUuid(id)) throw invalid("not a cursor returned by this API");
  return id;
}

/**
 * A sorted list's cursor also carries its sort and the last row's sort value. The default order
 * (newest first) keeps the plain id cursor, so cursors handed out before sorting existed still work.
 */
export function encodeSortCursor(id: string, sort: TraceSort, value?: unknown): string {
  if (sort === "-created_at") return Buffer.from(id).toString("base64url");
  const v = typeof value === "number" || typeof value === "string" ? String(value) : undefined;
  return Buffer.from(JSON.stringify({ s: sort, id, v })).toString("base64url");
}

export function decodeSortCursor(cursor: string, sort: TraceSort): SortCursor {
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  if (isUuid(text)) {
    if (sort !== "-created_at") throw invalid(`this cursor pages the default order, not sort=${sort}`);
    return { id: text };
  }
  let parsed: { s?: unknown; id?: unknown; v?: unknown };
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalid("not a cursor returned by this API");
  }
  if (typeof parsed?.id !== "string" || !isUuid(parsed.id))
    throw invalid("not a cursor returned by this API");
  if (parsed.s !== sort) throw invalid(`this cursor pages sort=${String(parsed.s)}, not sort=${sort}`);
  const needsValue = sort.replace("-", "") !== "created_at";
  if (needsValue && typeof parsed.v !== "string") throw invalid("not a cursor returned by this API");
  return { id: parsed.id, v: parsed.v as string | undefined };
}
