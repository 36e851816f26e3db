import { useLocation, useNavigate, useParams, useSearchParams } from "react-router";
import { filtersFromParams, filtersToParams } from "../features/traces/filters";
import { TraceDetail } from "../features/traces/trace-detail";
import { TraceFiltersForm } from "../features/traces/trace-filters";
import { TraceList } from "../features/traces/trace-list";
import { UploadPanel } from "../features/upload/upload-panel";
import "../features/traces/traces.css";

/** /traces and /traces/:id: import, filter and page through traces, with the selected one beside. */
export function TracesRoute() {
  const { id } = useParams();
  const [params, setParams] = useSearchParams();
  const { search } = useLocation();
  const navigate = useNavigate();
  const filters = filtersFromParams(params);

  return (
    <div className="traces-page">
      <title>Traces · tunix-rt</title>
      <div className="traces-side">
        <UploadPanel />
        <section className="card" aria-labelledby="traces-h">
          <h1 id="traces-h" className="card-title">
            Traces
          </h1>
          <TraceFiltersForm filters={filters} onApply={(f) => setParams(filtersToParams(f))} />
          <TraceList filters={filters} selectedId={id} search={search} />
        </section>
      </div>
      <div className="traces-main">
        {id ? (
          <TraceDetail key={id} id={id} onDeleted={() => navigate({ pathname: "/traces", search })} />
        ) : (
          <section className="card empty-state detail-placeholder" data-testid="trace:placeholder">
            <h2>No trace selected</h2>
            <p className="muted">Choose a trace from the list to see its steps, answer, meta and scores.</p>
          </section>
        )}
      </div>
    </div>
  );
}
