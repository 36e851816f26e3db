import type { ListTracesQueryInput } from "@tunix-rt/contracts";

/** The list filters as the form and the URL hold them: plain strings, "" meaning "not set". */
export interface TraceFilters {
  q: string;
  source: string;
  trace_version: string;
  /** `datetime-local` values (local time, no zone); converted to ISO when querying. */
  created_after: string;
  created_before: string;
  score_criteria: string;
  min_score: string;
  max_score: string;
}

export const FILTER_KEYS = [
  "q",
  "source",
  "trace_version",
  "created_after",
  "created_before",
  "score_criteria",
  "min_score",
  "max_score",
] as const satisfies readonly (keyof TraceFilters)[];

export const EMPTY_FILTERS: TraceFilters = {
  q: "",
  source: "",
  trace_version: "",
  created_after: "",
  created_before: "",
  score_criteria: "baseline",
  min_score: "",
  max_score: "",
};

export function filtersFromParams(params: URLSearchParams): TraceFilters {
  const f = { ...EMPTY_FILTERS };
  for (const key of FILTER_KEYS) {
    const v = params.get(key);
    if (v !== null) f[key] = v;
  }
  return f;
}

/** Only the filters that differ from the defaults go into the URL, so links stay short. */
export function filtersToParams(f: TraceFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const v = f[key].trim();
    if (v !== "" && v !== EMPTY_FILTERS[key]) params.set(key, v);
  }
  return params;
}

function localToIso(v: string): string | undefined {
  if (!v) return undefined;
  const d = new Date(v);
  // An unparseable value goes to the server as typed, so its validation message reaches the user.
  return Number.isNaN(d.getTime()) ? v : d.toISOString();
}

/** The API query for a page of the list; a score filter needs numbers, other fields pass through. */
export function filtersToQuery(
  f: TraceFilters,
  cursor: string | undefined,
  limit: number,
): ListTracesQueryInput {
  const text = (v: string) => (v.trim() === "" ? undefined : v.trim());
  const hasScoreFilter = f.min_score.trim() !== "" || f.max_score.trim() !== "";
  return {
    limit,
    cursor,
    q: text(f.q),
    source: text(f.source),
    trace_version: text(f.trace_version),
    created_after: localToIso(f.created_after.trim()),
    created_before: localToIso(f.created_before.trim()),
    score_criteria: hasScoreFilter || f.score_criteria !== "baseline" ? f.score_criteria : undefined,
    min_score: text(f.min_score),
    max_score: text(f.max_score),
  };
}

export const activeFilterCount = (f: TraceFilters) =>
  FILTER_KEYS.filter((k) => k !== "q" && k !== "score_criteria" && f[k].trim() !== "").length;
