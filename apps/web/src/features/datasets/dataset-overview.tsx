import type { DatasetDetail } from "@tunix-rt/contracts";
import { useState } from "react";
import { formatCount, formatDateTime } from "../../shared/format";
import { orderedSplits, roundedShares } from "./split-sizes";

const round = (n: number, digits = 2) => String(Math.round(n * 10 ** digits) / 10 ** digits);

/** Counts per split as a stacked bar and a small table that adds up to the total. */
function SplitSizes({ dataset }: { dataset: DatasetDetail }) {
  const total = dataset.trace_count;
  const splits = orderedSplits(dataset.split_counts);
  const shares = roundedShares(splits.map((s) => s.count));
  return (
    <div className="split-sizes" data-testid="dataset:splits">
      <div className="split-bar" role="img" aria-label="Split sizes">
        {splits
          .filter((s) => s.count > 0)
          .map((s) => (
            <span
              key={s.name}
              className={`split-bar-part split-${s.name}`}
              style={{ flexGrow: s.count }}
              title={`${s.name}: ${s.count}`}
            />
          ))}
      </div>
      <table className="table split-table">
        <tbody>
          {splits.map((s, i) => (
            <tr key={s.name}>
              <th scope="row">
                <span className={`split-dot split-${s.name}`} aria-hidden="true" /> {s.name}
              </th>
              <td className="num" data-testid={`dataset:split-${s.name}`}>
                {formatCount(s.count)}
              </td>
              <td className="num muted">{total > 0 ? `${shares[i]!.toFixed(1)}%` : "—"}</td>
            </tr>
          ))}
          <tr className="split-total">
            <th scope="row">total</th>
            <td className="num" data-testid="dataset:split-total">
              {formatCount(splits.reduce((n, s) => n + s.count, 0))}
            </td>
            <td />
          </tr>
        </tbody>
      </table>
    </div>
  );
}

function CopyButton({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="btn btn-small btn-ghost"
      onClick={() =>
        navigator.clipboard?.writeText(text).then(
          () => setCopied(true),
          () => setCopied(false),
        )
      }
      aria-label={label}
    >
      {copied ? "Copied" : "Copy"}
    </button>
  );
}

/** What the dataset is: its statistics, split sizes, content hash and the request that built it. */
export function DatasetOverview({ dataset, manifestUrl }: { dataset: DatasetDetail; manifestUrl: string }) {
  const s = dataset.stats;
  const stats: [string, string, string][] = [
    ["Traces", formatCount(s.trace_count), "trace-count"],
    ["Steps per trace", `${round(s.avg_step_count)} avg (${s.min_step_count}–${s.max_step_count})`, "steps"],
    ["Total steps", formatCount(s.total_steps), "total-steps"],
    ["Characters per trace", `${formatCount(Math.round(s.avg_total_chars))} avg`, "avg-chars"],
    ["Total characters", formatCount(s.total_chars), "total-chars"],
  ];
  return (
    <div className="dataset-overview">
      <section className="card" aria-labelledby="stats-h">
        <h2 id="stats-h" className="card-title">
          Statistics
        </h2>
        <dl className="stat-grid" data-testid="dataset:stats">
          {stats.map(([label, value, id]) => (
            <div key={id}>
              <dt>{label}</dt>
              <dd data-testid={`dataset:stat-${id}`}>{value}</dd>
            </div>
          ))}
        </dl>
        <h3>Split sizes</h3>
        <SplitSizes dataset={dataset} />
      </section>
      <section className="card" aria-labelledby="prov-h">
        <h2 id="prov-h" className="card-title">
          Provenance
        </h2>
        <dl className="facts facts-stacked">
          <div>
            <dt>Content hash (sha256 of the members)</dt>
            <dd className="hash-row">
              <code data-testid="dataset:content-hash">{dataset.content_hash}</code>
              <CopyButton text={dataset.content_hash} label="Copy content hash" />
            </dd>
          </div>
          <div>
            <dt>Created</dt>
            <dd>{formatDateTime(dataset.created_at)}</dd>
          </div>
          <div>
            <dt>Selection</dt>
            <dd data-testid="dataset:selection">
              {dataset.selection_strategy}
              {dataset.seed != null && ` (seed ${dataset.seed})`}
            </dd>
          </div>
          <div>
            <dt>Build id</dt>
            <dd>
              <code>{dataset.build_id}</code>
            </dd>
          </div>
          <div>
            <dt>Schema version</dt>
            <dd>{dataset.dataset_schema_version}</dd>
          </div>
          {dataset.parent_dataset_id && (
            <div>
              <dt>Parent dataset</dt>
              <dd>{dataset.parent_dataset_id}</dd>
            </div>
          )}
        </dl>
        <details className="request-details" open>
          <summary>Build request</summary>
          <pre className="json json-small" data-testid="dataset:request">
            {JSON.stringify(dataset.request, null, 2)}
          </pre>
        </details>
        <p className="small">
          <a href={manifestUrl} target="_blank" rel="noreferrer" data-testid="dataset:manifest-link">
            manifest.json
          </a>{" "}
          <span className="muted">(seed format, with every trace id)</span>
        </p>
      </section>
    </div>
  );
}
