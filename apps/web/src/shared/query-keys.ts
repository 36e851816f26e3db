import type { ListTracesQueryInput } from "@tunix-rt/contracts";

/** Query keys shared across features, so one feature can refresh what another shows. */
export const queryKeys = {
  health: ["health", "api"] as const,
  rediHealth: ["health", "redi"] as const,
  traces: ["traces"] as const,
  traceList: (query: ListTracesQueryInput) => ["traces", "list", query] as const,
  trace: (id: string) => ["traces", "detail", id] as const,
  traceScores: (id: string) => ["traces", "scores", id] as const,
  compare: (base: string, other: string) => ["traces", "compare", base, other] as const,
};
