import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api } from "../../shared/api";
import { Elapsed } from "../../shared/elapsed";
import { ErrorAlert } from "../../shared/error-alert";
import { formatCount } from "../../shared/format";
import { queryKeys } from "../../shared/query-keys";
import { type RenderOptions, renderQuery } from "./render-options";
import { TokenHistogram } from "./token-histogram";

const DEFAULT_MAX_SEQ = 2048;
const PRESETS = [512, 1024, 2048, 4096];

const pct = (part: number, whole: number) =>
  whole > 0 ? `${Math.round((part / whole) * 1000) / 10}%` : "0%";

/** Token counts with the Gemma 3 tokenizer, the length histogram, and what max_seq_length would cut. */
export function TokenPanel({ datasetKey, options }: { datasetKey: string; options: RenderOptions }) {
  const [maxSeq, setMaxSeq] = useState(DEFAULT_MAX_SEQ);
  const [draft, setDraft] = useState(String(DEFAULT_MAX_SEQ));
  const query = { ...renderQuery(options), max_seq_length: maxSeq, bins: 40 };
  const tokens = useQuery({
    queryKey: queryKeys.datasetTokens(datasetKey, query),
    queryFn: () => api.datasets.tokens(datasetKey, query),
    placeholderData: keepPreviousData,
    // A dataset never changes: the same question always has the same answer.
    staleTime: Number.POSITIVE_INFINITY,
  });
  const apply = (e: FormEvent) => {
    e.preventDefault();
    const n = Number(draft);
    if (Number.isInteger(n) && n >= 1) setMaxSeq(n);
  };
  const t = tokens.data;

  return (
    <section
      className="token-panel"
      aria-labelledby="tokens-h"
      aria-busy={tokens.isFetching}
      data-testid="dataset:tokens"
    >
      <div className="card-title-row">
        <h3 id="tokens-h">Token lengths</h3>
        <form className="max-seq-form" onSubmit={apply} aria-label="Set max_seq_length">
          <label htmlFor="max-seq">max_seq_length</label>
          <input
            id="max-seq"
            type="number"
            min={1}
            step={1}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            data-testid="dataset:max-seq-input"
          />
          <button type="submit" className="btn btn-small" data-testid="dataset:max-seq-apply">
            Apply
          </button>
          {PRESETS.map((p) => (
            <button
              key={p}
              type="button"
              className={`btn btn-small btn-ghost${p === maxSeq ? " is-active" : ""}`}
              aria-pressed={p === maxSeq}
              onClick={() => {
                setDraft(String(p));
                setMaxSeq(p);
              }}
            >
              {p}
            </button>
          ))}
        </form>
      </div>
      {tokens.isPending && (
        <div className="loading-panel" role="status" data-testid="dataset:tokens-loading">
          <span className="spinner" aria-hidden="true" />
          <span>
            Counting tokens with the Gemma 3 tokenizer…
            <Elapsed />
            <br />
            <span className="muted small">
              The first count loads the tokenizer, which can take several seconds on a large dataset.
            </span>
          </span>
        </div>
      )}
      {tokens.isError && (
        <ErrorAlert error={tokens.error} testId="dataset:tokens-error" title="Could not count tokens" />
      )}
      {t && (
        <div className={tokens.isPlaceholderData ? "is-stale" : undefined}>
          <TokenHistogram tokens={t} />
          <p
            className={`truncation ${t.truncated_count > 0 ? "alert alert-warning" : "alert alert-success"}`}
            data-testid="dataset:truncation"
          >
            <strong data-testid="dataset:truncated-count">{formatCount(t.truncated_count)}</strong> of{" "}
            {formatCount(t.example_count)} examples ({pct(t.truncated_count, t.example_count)}) are longer
            than <strong data-testid="dataset:max-seq-value">{formatCount(t.max_seq_length)}</strong> tokens
            {t.truncated_count > 0 ? " and would be truncated." : ": nothing would be truncated."}
          </p>
          <dl className="stat-grid stat-grid-dense" data-testid="dataset:token-stats">
            {(
              [
                ["Examples", t.example_count, "examples"],
                ["Total tokens", t.total_tokens, "total"],
                ["Prompt (masked)", t.prompt_tokens, "prompt"],
                ["Completion (trained)", t.completion_tokens, "completion"],
                ["Min", t.min, "min"],
                ["Mean", Math.round(t.mean * 10) / 10, "mean"],
                ["p50", t.p50, "p50"],
                ["p90", t.p90, "p90"],
                ["p99", t.p99, "p99"],
                ["Max", t.max, "max"],
              ] as const
            ).map(([name, value, id]) => (
              <div key={id}>
                <dt>{name}</dt>
                <dd data-testid={`dataset:tokens-${id}`}>{formatCount(value)}</dd>
              </div>
            ))}
          </dl>
          <p className="muted small" data-testid="dataset:tokenizer">
            Tokenizer: {t.tokenizer}. {t.note}
          </p>
        </div>
      )}
    </section>
  );
}
