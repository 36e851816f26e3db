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
  datasets: ["datasets"] as const,
  datasetList: (query: object) => ["datasets", "list", query] as const,
  /** The preview body as JSON text: the debounced value the live count is keyed on. */
  datasetPreview: (bodyJson: string) => ["datasets", "preview", bodyJson] as const,
  dataset: (key: string) => ["datasets", "detail", key] as const,
  datasetTokens: (key: string, query: object) => ["datasets", "tokens", key, query] as const,
  datasetExamples: (key: string, query: object) => ["datasets", "examples", key, query] as const,
  generators: ["generators"] as const,
  runs: ["runs"] as const,
  runLists: ["runs", "list"] as const,
  runList: (query: object) => ["runs", "list", query] as const,
  run: (id: string) => ["runs", "detail", id] as const,
  runMetrics: (id: string) => ["runs", "metrics", id] as const,
  runArtifacts: (id: string) => ["runs", "artifacts", id] as const,
  workers: ["workers"] as const,
  evals: ["evals"] as const,
  evalSets: ["evals", "sets"] as const,
  evalSetList: (query: object) => ["evals", "sets", "list", query] as const,
  leaderboard: (query: object) => ["evals", "leaderboard", query] as const,
  compareItems: (query: object) => ["evals", "compare-items", query] as const,
  compareItem: (baseline: string, candidate: string, position: number) =>
    ["evals", "compare-item", baseline, candidate, position] as const,
  models: ["models"] as const,
  model: (name: string) => ["models", name] as const,
  baselines: ["evals", "baselines"] as const,
  evaluationList: (query: object) => ["evals", "runs", "list", query] as const,
  evaluation: (id: string) => ["evals", "runs", "detail", id] as const,
  evaluationItems: (id: string, query: object) => ["evals", "runs", "items", id, query] as const,
  evaluationComparison: (baseline: string, candidate: string) =>
    ["evals", "compare", baseline, candidate] as const,
  runEvaluations: (runId: string) => ["evals", "of-run", runId] as const,
  trainerBackends: ["tunix-status"] as const,
};
