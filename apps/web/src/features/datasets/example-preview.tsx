import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { api } from "../../shared/api";
import { ErrorAlert } from "../../shared/error-alert";
import { formatCount } from "../../shared/format";
import { queryKeys } from "../../shared/query-keys";
import { type RenderOptions, renderQuery } from "./render-options";

const LIMITS = [3, 5, 10, 20];

/** The colour key: which part of the text the loss is computed on. */
function Legend() {
  return (
    <ul className="legend" data-testid="dataset:legend">
      <li>
        <span className="swatch seg-prompt" aria-hidden="true" /> Prompt: masked, not trained on
      </li>
      <li>
        <span className="swatch seg-completion" aria-hidden="true" /> Completion: trained on
      </li>
    </ul>
  );
}

/** Sample examples exactly as the model sees them, the masked prompt and trained completion told apart. */
export function ExamplePreview({ datasetKey, options }: { datasetKey: string; options: RenderOptions }) {
  const [limit, setLimit] = useState(5);
  const query = { ...renderQuery(options), limit };
  const examples = useQuery({
    queryKey: queryKeys.datasetExamples(datasetKey, query),
    queryFn: () => api.datasets.examples(datasetKey, query),
    placeholderData: keepPreviousData,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const rows = examples.data?.data ?? [];

  return (
    <section aria-labelledby="examples-h" aria-busy={examples.isFetching} data-testid="dataset:examples">
      <div className="card-title-row">
        <h3 id="examples-h">Template preview</h3>
        <label className="inline-label">
          Show
          <select
            value={limit}
            onChange={(e) => setLimit(Number(e.target.value))}
            data-testid="dataset:examples-limit"
          >
            {LIMITS.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
          examples
        </label>
      </div>
      <Legend />
      {examples.isPending && <p className="muted">Rendering examples…</p>}
      {examples.isError && (
        <ErrorAlert
          error={examples.error}
          testId="dataset:examples-error"
          title="Could not render examples"
        />
      )}
      {examples.isSuccess && rows.length === 0 && (
        <p className="empty-state" data-testid="dataset:examples-empty">
          No examples in this split.
        </p>
      )}
      <ol className={`examples${examples.isPlaceholderData ? " is-stale" : ""}`}>
        {rows.map((ex) => (
          <li key={ex.trace_id} className="example" data-testid="dataset:example">
            <div className="example-head">
              <Link to={`/traces/${ex.trace_id}`} className="small">
                <code>{ex.trace_id}</code>
              </Link>
              {ex.split && <span className={`split-chip split-${ex.split}`}>{ex.split}</span>}
              <span className="muted small push-right" data-testid="dataset:example-tokens">
                {formatCount(ex.prompt_tokens)} masked + {formatCount(ex.completion_tokens)} trained ={" "}
                {formatCount(ex.total_tokens)} tokens
              </span>
            </div>
            <pre className="rendered">
              <span
                className="seg-prompt"
                title="Prompt: masked, not trained on"
                data-testid="dataset:example-prompt"
              >
                {ex.prompt}
              </span>
              <span
                className="seg-completion"
                title="Completion: trained on"
                data-testid="dataset:example-completion"
              >
                {ex.completion}
              </span>
            </pre>
          </li>
        ))}
      </ol>
      {examples.data && <p className="muted small">Token counts: {examples.data.tokenizer}.</p>}
    </section>
  );
}
