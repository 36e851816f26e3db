import { useQuery } from "@tanstack/react-query";
import { useSearchParams } from "react-router";
import { CompareResult } from "../features/compare/compare-result";
import { TracePicker } from "../features/compare/trace-picker";
import { api } from "../shared/api";
import { ErrorAlert } from "../shared/error-alert";
import { queryKeys } from "../shared/query-keys";
import "../features/compare/compare.css";

/** /compare?base=&other=: the URL holds the pair, so a comparison can be linked and reloaded. */
export function CompareRoute() {
  const [params, setParams] = useSearchParams();
  const base = params.get("base") ?? "";
  const other = params.get("other") ?? "";
  const set = (next: { base?: string; other?: string }) => {
    const p = new URLSearchParams();
    const b = next.base ?? base;
    const o = next.other ?? other;
    if (b) p.set("base", b);
    if (o) p.set("other", o);
    setParams(p);
  };
  const compare = useQuery({
    queryKey: queryKeys.compare(base, other),
    queryFn: () => api.traces.compare(base, other),
    enabled: base !== "" && other !== "",
  });

  return (
    <div className="compare-page">
      <title>Compare · tunix-rt</title>
      <section className="card" aria-labelledby="compare-h">
        <div className="card-title-row">
          <h1 id="compare-h" className="card-title">
            Compare traces
          </h1>
          <button
            type="button"
            className="btn btn-small"
            disabled={!base && !other}
            onClick={() => set({ base: other, other: base })}
            data-testid="compare:swap"
          >
            ⇄ Swap
          </button>
        </div>
        <div className="pickers">
          <TracePicker side="base" label="Base trace" value={base} onChange={(id) => set({ base: id })} />
          <TracePicker side="other" label="Other trace" value={other} onChange={(id) => set({ other: id })} />
        </div>
        {(!base || !other) && (
          <p className="muted">Pick two traces to compare their steps, answers and scores.</p>
        )}
      </section>
      {compare.isFetching && !compare.data && <p className="muted">Comparing…</p>}
      {compare.isError && (
        <ErrorAlert error={compare.error} testId="compare:error" title="Could not compare" />
      )}
      {compare.data && base && other && <CompareResult data={compare.data} />}
    </div>
  );
}
