import { AppError } from "../app-error.js";

/** Where the next leaderboard page starts: after this model, whose sort figure was `v`. */
export interface BoardCursor {
  v: number | null;
  mk: string;
}

export const encodeBoardCursor = (sort: string, v: number | null, mk: string) =>
  Buffer.from(JSON.stringify({ s: sort, v, mk })).toString("base64url");

export function decodeBoardCursor(cursor: string, sort: string): BoardCursor {
  try {
    const c = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as {
      s?: unknown;
      v?: unknown;
      mk?: unknown;
    };
    if (c.s === sort && typeof c.mk === "string" && (c.v === null || typeof c.v === "number"))
      return { v: c.v as number | null, mk: c.mk };
  } catch {
    // reported below
  }
  throw new AppError("validation", "cursor is invalid", {
    errors: [{ field: "query/cursor", message: `not a leaderboard cursor for sort=${sort}` }],
  });
}
