import type { BuildDatasetBodyInput } from "@tunix-rt/contracts";

/** One `meta` equality filter as typed: the value is parsed as JSON when it is valid JSON. */
export interface MetaRow {
  id: number;
  key: string;
  value: string;
}

/** The build form as the inputs hold it: plain strings, "" meaning "not set". */
export interface BuildForm {
  dataset_name: string;
  dataset_version: string;
  selection_strategy: "latest" | "random";
  /** One trace per distinct prompt text. */
  distinct_prompts: boolean;
  seed: string;
  limit: string;
  source: string;
  q: string;
  /** `datetime-local` values (local time, no zone); sent as ISO. */
  created_after: string;
  created_before: string;
  score_criteria: string;
  min_score: string;
  max_score: string;
  meta: MetaRow[];
  split_val: string;
  split_test: string;
  split_seed: string;
}

export const EMPTY_BUILD_FORM: BuildForm = {
  dataset_name: "",
  dataset_version: "v1",
  selection_strategy: "latest",
  distinct_prompts: false,
  seed: "",
  limit: "100",
  source: "",
  q: "",
  created_after: "",
  created_before: "",
  score_criteria: "baseline",
  min_score: "",
  max_score: "",
  meta: [],
  split_val: "0",
  split_test: "0",
  split_seed: "0",
};

/** The form's fields that may come from the URL, e.g. /datasets?source=arithmetic from a generator. */
export const URL_FIELDS = ["source", "q", "dataset_name", "dataset_version"] as const;

export type MetaValueKind = "string" | "number" | "boolean" | "null" | "array" | "object";

/** `3` is the number 3, `true` a boolean, `"3"` the string 3; anything that is not JSON is a string. */
export function parseMetaValue(text: string): { value: unknown; kind: MetaValueKind } {
  try {
    const value: unknown = JSON.parse(text);
    if (value === null) return { value, kind: "null" };
    if (Array.isArray(value)) return { value, kind: "array" };
    const t = typeof value;
    if (t === "number" || t === "boolean" || t === "string" || t === "object") {
      return { value, kind: t as MetaValueKind };
    }
  } catch {
    // Not JSON: the text itself is the value.
  }
  return { value: text, kind: "string" };
}

const text = (v: string) => (v.trim() === "" ? undefined : v.trim());

/** A number, or the text as typed when it is not one, so the server's validation message names it. */
function num(v: string): number | string | undefined {
  const t = v.trim();
  if (t === "") return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : t;
}

function localToIso(v: string): string | undefined {
  const t = v.trim();
  if (!t) return undefined;
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? t : d.toISOString();
}

/** The meta equality filters; rows without a key are ignored, a repeated key keeps the last row. */
export function metaFilters(rows: MetaRow[]): Record<string, unknown> {
  const filters: Record<string, unknown> = {};
  for (const row of rows) {
    const key = row.key.trim();
    if (key) filters[key] = parseMetaValue(row.value).value;
  }
  return filters;
}

/**
 * The selection part of a build request: what /preview counts. Name and version are left out, so
 * a half-typed name never stops the live count.
 */
export function selectionBody(f: BuildForm): Partial<BuildDatasetBodyInput> {
  const body: Record<string, unknown> = {
    filters: metaFilters(f.meta),
    limit: num(f.limit),
    selection_strategy: f.selection_strategy,
    seed: f.selection_strategy === "random" ? num(f.seed) : undefined,
    distinct_prompts: f.distinct_prompts || undefined,
    source: text(f.source),
    q: text(f.q),
    created_after: localToIso(f.created_after),
    created_before: localToIso(f.created_before),
    min_score: num(f.min_score),
    max_score: num(f.max_score),
  };
  const scored = body.min_score !== undefined || body.max_score !== undefined;
  if (scored || f.score_criteria !== "baseline") body.score_criteria = f.score_criteria;
  const val = num(f.split_val) ?? 0;
  const test = num(f.split_test) ?? 0;
  if (val !== 0 || test !== 0) body.split = { val, test, seed: num(f.split_seed) ?? 0 };
  for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
  return body as Partial<BuildDatasetBodyInput>;
}

/** The full POST /api/datasets/build body. */
export function buildBody(f: BuildForm): BuildDatasetBodyInput {
  return {
    dataset_name: f.dataset_name.trim(),
    dataset_version: f.dataset_version.trim(),
    ...selectionBody(f),
  } as BuildDatasetBodyInput;
}

/** Expected split sizes for a selection, as an estimate: the server assigns by a hash of each id. */
export function estimateSplits(selected: number, f: BuildForm): { train: number; val: number; test: number } {
  const frac = (v: string) => {
    const n = Number(v);
    return Number.isFinite(n) && n > 0 ? Math.min(n, 1) : 0;
  };
  const val = Math.round(selected * frac(f.split_val));
  const test = Math.round(selected * frac(f.split_test));
  return { train: Math.max(0, selected - val - test), val, test };
}
