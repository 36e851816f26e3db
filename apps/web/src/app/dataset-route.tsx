import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { DatasetOverview } from "../features/datasets/dataset-overview";
import { DeleteDataset } from "../features/datasets/delete-dataset";
import { ExamplePreview } from "../features/datasets/example-preview";
import { ExportDownloads } from "../features/datasets/export-downloads";
import { DEFAULT_RENDER_OPTIONS, RenderOptionsBar } from "../features/datasets/render-options";
import { TokenPanel } from "../features/datasets/token-panel";
import { TunixManifestPanel } from "../features/datasets/tunix-manifest";
import { api } from "../shared/api";
import { ErrorAlert } from "../shared/error-alert";
import { formatCount, formatDateTime, formatRelative } from "../shared/format";
import { queryKeys } from "../shared/query-keys";
import { useDebouncedValue } from "../shared/use-debounced-value";
import "../features/datasets/datasets.css";

/** /datasets/:key: what a dataset holds, what a model would see and what it costs in tokens. */
export function DatasetRoute() {
  const key = useParams().key ?? "";
  const navigate = useNavigate();
  const [options, setOptions] = useState(DEFAULT_RENDER_OPTIONS);
  // The instruction is typed; the other options apply at once.
  const system = useDebouncedValue(options.system_instruction, 400);
  const applied = { ...options, system_instruction: system };
  const dataset = useQuery({
    queryKey: queryKeys.dataset(key),
    queryFn: () => api.datasets.get(key),
    staleTime: Number.POSITIVE_INFINITY,
  });
  const d = dataset.data;

  return (
    <div className="dataset-page">
      <title>{`${key} · Datasets · tunix-rt`}</title>
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <Link to="/datasets">Datasets</Link> <span aria-hidden="true">/</span> <span>{key}</span>
      </nav>
      {dataset.isPending && <p className="muted">Loading dataset…</p>}
      {dataset.isError && (
        <ErrorAlert error={dataset.error} testId="dataset:error" title={`Could not load ${key}`} />
      )}
      {d && (
        <>
          <section className="card dataset-head" data-testid="dataset:detail">
            <div className="card-title-row">
              <h1 className="card-title" data-testid="dataset:key">
                {d.dataset_key}
              </h1>
              <div className="head-actions">
                <Link
                  className="btn btn-primary"
                  to={`/runs?train=${encodeURIComponent(d.dataset_key)}`}
                  data-testid="dataset:train"
                >
                  ▶ Train on it
                </Link>
                <DeleteDataset datasetKey={d.dataset_key} onDeleted={() => navigate("/datasets")} />
              </div>
            </div>
            <dl className="facts">
              <div>
                <dt>Name</dt>
                <dd>{d.dataset_name}</dd>
              </div>
              <div>
                <dt>Version</dt>
                <dd>{d.dataset_version}</dd>
              </div>
              <div>
                <dt>Traces</dt>
                <dd data-testid="dataset:trace-count">{formatCount(d.trace_count)}</dd>
              </div>
              <div>
                <dt>Created</dt>
                <dd>
                  <time dateTime={d.created_at} title={formatDateTime(d.created_at)}>
                    {formatRelative(d.created_at)}
                  </time>
                </dd>
              </div>
              <div>
                <dt>Hash</dt>
                <dd>
                  <code title={d.content_hash}>{d.content_hash.slice(0, 12)}</code>
                </dd>
              </div>
            </dl>
          </section>
          <DatasetOverview dataset={d} manifestUrl={api.datasets.manifestUrl(d.dataset_key)} />
          <section className="card" aria-labelledby="sees-h" data-testid="dataset:model-view">
            <h2 id="sees-h" className="card-title">
              What the model sees
            </h2>
            <RenderOptionsBar value={options} onChange={setOptions} splitCounts={d.split_counts} />
            <TokenPanel datasetKey={d.dataset_key} options={applied} />
            <ExamplePreview datasetKey={d.dataset_key} options={applied} />
          </section>
          <ExportDownloads dataset={d} />
          <TunixManifestPanel datasetKey={d.dataset_key} />
        </>
      )}
    </div>
  );
}
