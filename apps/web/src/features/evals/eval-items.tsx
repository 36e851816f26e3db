import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { EvalItemResult } from "@tunix-rt/contracts";
import { useState } from "react";
import { api } from "../../shared/api";
import { CursorPager } from "../../shared/cursor-pager";
import { ErrorAlert } from "../../shared/error-alert";
import { queryKeys } from "../../shared/query-keys";
import { splitAtAnswer } from "./eval-format";

const FILTERS = [
  { value: "wrong", label: "Wrong" },
  { value: "bad_format", label: "Badly formatted" },
  { value: "unanswered", label: "No answer found" },
  { value: "correct", label: "Correct" },
  { value: "all", label: "All" },
] as const;
type Filter = (typeof FILTERS)[number]["value"];

/** The model's whole output with the extracted answer highlighted where it was found. */
function Output({ r }: { r: EvalItemResult }) {
  const parts = splitAtAnswer(r.output, r.extracted);
  return (
    <pre className="eval-output" data-testid="evals:item-output">
      {parts ? (
        <>
          {parts[0]}
          <mark className={r.correct ? "answer-right" : "answer-wrong"} data-testid="evals:item-answer">
            {parts[1]}
          </mark>
          {parts[2]}
        </>
      ) : (
        r.output || <span className="muted">(empty output)</span>
      )}
    </pre>
  );
}

/** Per-item results, filtered to what needs a look (wrong answers first), each expandable. */
export function EvalItems({ evaluationId }: { evaluationId: string }) {
  const [filter, setFilter] = useState<Filter>("wrong");
  const [cursors, setCursors] = useState<string[]>([]);
  const query = { filter, limit: 25, cursor: cursors[cursors.length - 1] };
  const items = useQuery({
    queryKey: queryKeys.evaluationItems(evaluationId, query),
    queryFn: () => api.evals.items(evaluationId, query),
    placeholderData: keepPreviousData,
  });
  const rows = items.data?.data ?? [];
  return (
    <section aria-labelledby="items-h" data-testid="evals:items">
      <div className="card-title-row">
        <h2 id="items-h" className="card-title">
          Items
        </h2>
        <div className="segmented" role="radiogroup" aria-label="Which items">
          {FILTERS.map((f) => (
            <label key={f.value} className={filter === f.value ? "is-on" : ""}>
              <input
                type="radio"
                name="item-filter"
                checked={filter === f.value}
                onChange={() => {
                  setFilter(f.value);
                  setCursors([]);
                }}
                data-testid={`evals:filter-${f.value}`}
              />
              {f.label}
            </label>
          ))}
        </div>
      </div>
      {items.isError && (
        <ErrorAlert error={items.error} testId="evals:items-error" title="Could not load items" />
      )}
      {items.isSuccess && rows.length === 0 && (
        <p className="muted" data-testid="evals:items-empty">
          No {FILTERS.find((f) => f.value === filter)?.label.toLowerCase()} items.
        </p>
      )}
      <ul className="eval-item-list">
        {rows.map((r) => (
          <li key={r.position} data-testid="evals:item" data-correct={r.correct} data-format-ok={r.format_ok}>
            <details>
              <summary>
                <span className={r.correct ? "mark-right" : "mark-wrong"} aria-hidden="true">
                  {r.correct ? "✓" : "✗"}
                </span>
                <span className="visually-hidden">{r.correct ? "correct" : "wrong"}</span>{" "}
                <strong>{r.prompt}</strong>{" "}
                <span className="muted">
                  expected <code>{r.expected_answer}</code>, found{" "}
                  {r.extracted === null ? "no answer" : <code>{r.extracted}</code>}
                  {!r.format_ok && " · badly formatted"}
                  {r.category && ` · ${r.category}`}
                </span>
              </summary>
              <Output r={r} />
              <p className="muted small">
                item {r.item_id} · answer from {r.extraction ?? "nowhere"} ({r.match_method})
                {r.reasoning_tokens !== null && ` · ${r.reasoning_tokens} reasoning tokens`}
                {r.output_tokens !== null && ` · ${r.output_tokens} output tokens`}
              </p>
            </details>
          </li>
        ))}
      </ul>
      <CursorPager
        area="evals-items"
        cursors={cursors}
        setCursors={setCursors}
        nextCursor={items.data?.pagination.next_cursor}
        busy={items.isPlaceholderData}
      />
    </section>
  );
}
