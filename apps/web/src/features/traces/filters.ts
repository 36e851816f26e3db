import { type ListTracesQueryInput, TRACE_SORTS, type TraceSort } from "@tunix-rt/contracts";

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

export const PAGE_SIZES = [25, 50, 100] as const;
const DEFAULT_PAGE_SIZE = 50;

/** How the list is shown, kept in the URL beside the filters so a reload returns to the same page. */
export interface TraceListView {
  sort: TraceSort;
  /** 1-based. */
  page: number;
  perPage: number;
}

export function viewFromParams(params: URLSearchParams): TraceListView {
  const sort = params.get("sort");
  const page = Number(params.get("page"));
  const perPage = Number(params.get("per_page"));
  return {
    sort: (TRACE_SORTS as readonly string[]).includes(sort ?? "") ? (sort as TraceSort) : "-created_at",
    page: Number.isInteger(page) && page > 1 ? page : 1,
    perPage: (PAGE_SIZES as readonly number[]).includes(perPage) ? perPage : DEFAULT_PAGE_SIZE,
  };
}

/** The URL for filters and a view: defaults are left out, so links stay short. */
export function listParams(f: TraceFilters, v: TraceListView): URLSearchParams {
  const params = filtersToParams(f);
  if (v.sort !== "-created_at") params.set("sort", v.sort);
  if (v.page > 1) params.set("page", String(v.page));
  if (v.perPage !== DEFAULT_PAGE_SIZE) params.set("per_page", String(v.perPage));
  return params;
}
