import { useQuery } from "@tanstack/react-query";
import { useNavigate, useSearchParams } from "react-router";
import { runFiltersFromParams, runFiltersToParams } from "../features/runs/run-filters";
import { RunList } from "../features/runs/run-list";
import { SubmitRunForm } from "../features/runs/submit-form";
import { formFromConfig, type RunForm } from "../features/runs/submit-request";
import { api } from "../shared/api";
import { ErrorAlert } from "../shared/error-alert";
import { queryKeys } from "../shared/query-keys";
import "../features/runs/runs.css";

/**
 * /runs: the runs so far (filters in the URL) and the form that submits one. `?train=<dataset>`
 * prefills the dataset; `?from=<run id>` prefills everything from an earlier run.
 */
export function RunsRoute() {
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const filters = runFiltersFromParams(params);
  const from = params.get("from") ?? "";
  const train = params.get("train") ?? "";
  const source = useQuery({
    queryKey: queryKeys.run(from),
    queryFn: () => api.runs.get(from),
    enabled: from !== "",
    staleTime: Number.POSITIVE_INFINITY,
  });
  let initial: Partial<RunForm> | null = train ? { dataset_key: train } : {};
  if (from) initial = source.data ? formFromConfig(source.data.config) : null;

  return (
    <div className="runs-page">
      <title>Runs · tunix-rt</title>
      <section className="card" aria-labelledby="runs-h">
        <h1 id="runs-h" className="card-title">
          Runs
        </h1>
        <RunList
          key={runFiltersToParams(filters).toString()}
          filters={filters}
          onFilters={(f) => setParams(runFiltersToParams(f, params))}
        />
      </section>
      <section className="card">
        {source.isError && (
          <ErrorAlert error={source.error} testId="runs:from-error" title={`Could not load run ${from}`} />
        )}
        {initial ? (
          <SubmitRunForm
            key={`${from}|${train}`}
            initial={initial}
            onStarted={(run) => navigate(`/runs/${run.run_id}`)}
          />
        ) : (
          !source.isError && <p className="muted">Loading run {from.slice(0, 8)}…</p>
        )}
      </section>
    </div>
  );
}
