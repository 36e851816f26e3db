import { ApiError } from "@tunix-rt/client";
import { sanitize } from "../../output/text.js";

/** Network failures that mean "nothing is listening there", as opposed to a broken exchange. */
const UNREACHABLE = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ETIMEDOUT",
  "UND_ERR_CONNECT_TIMEOUT",
]);

/** fetch wraps the socket error in `cause` (and happy-eyeballs in an AggregateError's `errors`). */
function errorCodes(err: unknown, seen = new Set<unknown>()): string[] {
  if (!err || typeof err !== "object" || seen.has(err)) return [];
  seen.add(err);
  const e = err as { code?: unknown; cause?: unknown; errors?: unknown };
  const codes = typeof e.code === "string" ? [e.code] : [];
  codes.push(...errorCodes(e.cause, seen));
  if (Array.isArray(e.errors)) for (const inner of e.errors) codes.push(...errorCodes(inner, seen));
  return codes;
}

/** The innermost message, which says more than fetch's generic "fetch failed". */
function rootMessage(err: unknown): string {
  let e = err as { message?: unknown; cause?: unknown } | undefined;
  let msg = err instanceof Error ? err.message : String(err);
  while (e && typeof e === "object" && e.cause && typeof e.cause === "object") {
    e = e.cause as typeof e;
    if (typeof e.message === "string" && e.message) msg = e.message;
  }
  return msg;
}

/**
 * What to print on stderr for a failed command. The server's problem detail comes first, then
 * one indented "field: message" line per field error, so the user sees what to fix.
 */
export function describeError(err: unknown, serverUrl: string): string {
  if (err instanceof ApiError) {
    const [detail, ...fields] = sanitize(err.message).split("\n");
    const status = err.problem ? ` (HTTP ${err.status})` : "";
    return [`error: ${detail}${status}`, ...fields.map((f) => `  ${f}`)].join("\n");
  }
  const codes = errorCodes(err);
  if (codes.some((c) => UNREACHABLE.has(c))) {
    return `error: cannot reach tunix-rt at ${serverUrl} (is \`tunix-rt serve\` running?)`;
  }
  if (codes.includes("ECONNRESET") || codes.includes("UND_ERR_SOCKET") || codes.includes("EPIPE")) {
    return `error: the connection to ${serverUrl} was lost: ${rootMessage(err)}`;
  }
  const root = rootMessage(err);
  // fetch refuses a fixed list of ports (6000, 6665…) with just "bad port".
  if (root === "bad port")
    return `error: ${serverUrl}: fetch refuses to connect to this port; serve on another one`;
  return `error: ${sanitize(root)}`;
}
