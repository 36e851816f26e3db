import { EvalItemInput, type EvalSetSummary, type ImportEvalSetQuery } from "@tunix-rt/contracts";
import { zodFieldErrors } from "../app-error.js";
import type { ServiceDeps } from "../deps.js";
import { ndjsonLines } from "../traces/ndjson-lines.js";
import { type EvalItemSource, storeEvalSet } from "./store-eval-set.js";

/** The longest line an eval set file may have (a prompt is at most 100,000 characters). */
export const EVAL_LINE_MAX_BYTES = 1024 * 1024;

async function* parseLines(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<EvalItemSource> {
  for await (const l of ndjsonLines(chunks, EVAL_LINE_MAX_BYTES)) {
    const where = `line ${l.line}`;
    if (l.tooLong) {
      yield { where, error: `longer than ${EVAL_LINE_MAX_BYTES} bytes` };
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(l.text);
    } catch (err) {
      yield { where, error: `not JSON: ${(err as Error).message}` };
      continue;
    }
    const parsed = EvalItemInput.safeParse(value);
    if (parsed.success) yield { where, item: parsed.data };
    else
      yield {
        where,
        error: zodFieldErrors(parsed.error.issues)
          .map((e) => `${e.field}: ${e.message}`)
          .join("; "),
      };
  }
}

/**
 * An eval set from a JSONL file in the seed's format (`id`, `prompt`, `expected_answer`, optional
 * `category`, `difficulty`), streamed: every bad line is reported by its number and nothing is stored.
 */
export function importEvalSet(
  deps: ServiceDeps,
  q: ImportEvalSetQuery,
  body: AsyncIterable<Uint8Array>,
): Promise<EvalSetSummary> {
  return storeEvalSet(
    deps,
    {
      name: q.name,
      version: q.version,
      description: q.description,
      extraction: q.extraction,
      source: { kind: "import" },
    },
    () => parseLines(body),
  );
}
