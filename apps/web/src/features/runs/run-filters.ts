import type { RunStatus } from "@tunix-rt/contracts";
import { RUN_STATUSES } from "../../shared/run-status";

/** The run list's filters as the URL holds them ("" = any). */
export interface RunFilters {
  status: RunStatus | "";
  dataset: string;
  trainer: string;
  label: string;
  /** Real runs by default; dry runs are recorded too but would crowd the list. */
  mode: "local" | "dry-run" | "all";
  /** The list's order, as the API takes it (`-created_at`: newest first). */
  sort: string;
}

export const EMPTY_RUN_FILTERS: RunFilters = {
  status: "",
  dataset: "",
  trainer: "",
  label: "",
  mode: "local",
  sort: "-created_at",
};

export function runFiltersFromParams(params: URLSearchParams): RunFilters {
  const status = params.get("status") ?? "";
  const mode = params.get("mode");
  return {
    status: (RUN_STATUSES as readonly string[]).includes(status) ? (status as RunStatus) : "",
    dataset: params.get("dataset") ?? "",
    trainer: params.get("trainer") ?? "",
    label: params.get("label") ?? "",
    mode: mode === "dry-run" || mode === "all" ? mode : "local",
    sort: params.get("sort") || "-created_at",
  };
}

/** The filters as URL parameters, defaults left out, other parameters of `base` kept. */
export function runFiltersToParams(f: RunFilters, base = new URLSearchParams()): URLSearchParams {
  const p = new URLSearchParams(base);
  for (const k of ["status", "dataset", "trainer", "label", "mode", "sort"] as const) p.delete(k);
  if (f.status) p.set("status", f.status);
  if (f.dataset.trim()) p.set("dataset", f.dataset.trim());
  if (f.trainer.trim()) p.set("trainer", f.trainer.trim());
  if (f.label.trim()) p.set("label", f.label.trim());
  if (f.mode !== "local") p.set("mode", f.mode);
  if (f.sort !== "-created_at") p.set("sort", f.sort);
  return p;
}

/** The list request's query for the filters. */
export function runListQuery(f: RunFilters) {
  return {
    status: f.status || undefined,
    dataset_key: f.dataset || undefined,
    trainer: f.trainer || undefined,
    label: f.label || undefined,
    mode: f.mode === "all" ? undefined : f.mode,
    sort: f.sort,
  };
}
