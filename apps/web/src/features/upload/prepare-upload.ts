/** What the upload panel sends: NDJSON, one trace per line, plus how to talk about its lines. */
export interface PreparedUpload {
  body: string;
  /** How many traces (lines) the body holds. */
  count: number;
  /** "object": one pasted trace; "array": items of a JSON array; "ndjson": lines of NDJSON text. */
  kind: "object" | "array" | "ndjson";
}

export class InputError extends Error {
  override name = "InputError";
}

const nonEmptyLines = (text: string) => text.split(/\r?\n/).filter((l) => l.trim() !== "");

/**
 * Turns pasted or loaded text into NDJSON: a JSON object becomes one line, an array one line per
 * item. Text that is not one JSON value but whose lines each are is taken as NDJSON as it stands.
 * Items are not validated here: the server does that, and its per-line errors are what we show.
 */
export function prepareUpload(text: string): PreparedUpload {
  const trimmed = text.trim();
  if (trimmed === "") throw new InputError("Nothing to upload: paste a trace (JSON) or choose a file.");
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch (err) {
    const lines = nonEmptyLines(trimmed);
    if (lines.length > 1 && lines.every(isJsonLine))
      return { body: `${lines.join("\n")}\n`, count: lines.length, kind: "ndjson" };
    throw new InputError(
      `This is not valid JSON: ${(err as Error).message}. Paste one trace object, an array of traces, or NDJSON (one trace per line).`,
    );
  }
  if (Array.isArray(value)) {
    if (value.length === 0) throw new InputError("The array is empty: there are no traces to upload.");
    return {
      body: `${value.map((v) => JSON.stringify(v)).join("\n")}\n`,
      count: value.length,
      kind: "array",
    };
  }
  if (value !== null && typeof value === "object")
    return { body: `${JSON.stringify(value)}\n`, count: 1, kind: "object" };
  throw new InputError("Expected a trace object or an array of trace objects, not a single JSON value.");
}

function isJsonLine(line: string): boolean {
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
}

/** NDJSON files go to the server untouched (streamed); JSON files are converted first. */
export function fileKind(name: string): "json" | "ndjson" | null {
  const lower = name.toLowerCase();
  if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) return "ndjson";
  if (lower.endsWith(".json")) return "json";
  return null;
}
