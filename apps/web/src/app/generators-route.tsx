import { useQuery } from "@tanstack/react-query";
import { GeneratorCard } from "../features/generators/generator-card";
import { api } from "../shared/api";
import { ErrorAlert } from "../shared/error-alert";
import { queryKeys } from "../shared/query-keys";
import "../features/generators/generators.css";

/** /generators: seeded synthetic traces, written straight into the store. */
export function GeneratorsRoute() {
  const generators = useQuery({
    queryKey: queryKeys.generators,
    queryFn: () => api.generators.list(),
    staleTime: Number.POSITIVE_INFINITY,
  });
  return (
    <div className="generators-page">
      <title>Generators · tunix-rt</title>
      <header className="page-intro">
        <h1>Generators</h1>
        <p className="muted">
          Seeded, deterministic synthetic traces with the correct answer in <code>meta.expected_answer</code>:
          material to train and evaluate on without downloading anything. Large runs are sent in chunks, so
          progress is shown as they are stored.
        </p>
      </header>
      {generators.isPending && <p className="muted">Loading generators…</p>}
      {generators.isError && (
        <ErrorAlert
          error={generators.error}
          testId="generators:list-error"
          title="Could not load generators"
        />
      )}
      <div className="gen-grid" data-testid="generators:list">
        {generators.data?.data.map((g) => (
          <GeneratorCard key={g.name} info={g} />
        ))}
      </div>
    </div>
  );
}
