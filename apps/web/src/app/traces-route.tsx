import { useLocation, useNavigate, useParams, useSearchParams } from "react-router";
import {
  filtersFromParams,
  listParams,
  type TraceFilters,
  type TraceListView,
  viewFromParams,
} from "../features/traces/filters";
import { TraceDetail } from "../features/traces/trace-detail";
import { TraceFiltersForm } from "../features/traces/trace-filters";
import { TraceList } from "../features/traces/trace-list";
import { UploadPanel } from "../features/upload/upload-panel";
import "../features/traces/traces.css";

/**
 * /traces and /traces/:id: import, filter, sort and page through traces in a table; an opened
 * trace shows beside the table (over it on a narrow screen). Filters, sort and page live in the URL.
 */
export function TracesRoute() {
  const { id } = useParams();
  const [params, setParams] = useSearchParams();
  const { search } = useLocation();
  const navigate = useNavigate();
  const filters = filtersFromParams(params);
  const view = viewFromParams(params);
  const setView = (v: TraceListView, f: TraceFilters = filters) => setParams(listParams(f, v));
  const close = () => navigate({ pathname: "/traces", search });

  return (
    <div className={`traces-page${id ? " has-detail" : ""}`}>
      <title>Traces · tunix-rt</title>
      <div className="traces-side">
        <UploadPanel />
        <section className="card" aria-labelledby="traces-h">
          <h1 id="traces-h" className="card-title">
            Traces
          </h1>
          <TraceFiltersForm filters={filters} onApply={(f) => setView({ ...view, page: 1 }, f)} />
          <TraceList filters={filters} view={view} onView={setView} openId={id} search={search} />
        </section>
      </div>
      {id && (
        <div className="traces-main">
          <TraceDetail key={id} id={id} onDeleted={close} onClose={close} />
        </div>
      )}
    </div>
  );
}
