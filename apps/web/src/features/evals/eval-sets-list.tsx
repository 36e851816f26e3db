import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../shared/api";
import { CursorPager } from "../../shared/cursor-pager";
import { ErrorAlert } from "../../shared/error-alert";
import { formatCount, formatRelative } from "../../shared/format";
import { queryKeys } from "../../shared/query-keys";

function sourceText(source: Record<string, unknown>): string {
  if (source.kind === "dataset") return `${source.split} split of ${source.dataset_key}`;
  if (source.kind === "generator")
    return `${source.generator}${source.exclude_dataset ? `, holding out ${source.exclude_dataset}` : ""}`;
  return "imported file";
}

/** Eval set versions, newest first. */
export function EvalSetsList() {
  const [cursors, setCursors] = useState<string[]>([]);
  const query = { limit: 20, cursor: cursors[cursors.length - 1] };
  const list = useQuery({
    queryKey: queryKeys.evalSetList(query),
    queryFn: () => api.evals.sets.list(query),
    placeholderData: keepPreviousData,
  });
  const rows = list.data?.data ?? [];
  return (
    <section data-testid="evals:sets-section">
      {list.isError && (
        <ErrorAlert error={list.error} testId="evals:sets-error" title="Could not load eval sets" />
      )}
      {list.isSuccess && rows.length === 0 && (
        <div className="empty-state" data-testid="evals:sets-empty">
          No eval sets yet: import one, take a dataset's test split, or generate held-out problems below.
        </div>
      )}
      {rows.length > 0 && (
        <div className="table-scroll">
          <table className="table" data-testid="evals:sets">
            <thead>
              <tr>
                <th>Eval set</th>
                <th className="num">Items</th>
                <th>From</th>
                <th>Categories</th>
                <th>Created</th>
                <th>Content hash</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((s) => (
                <tr key={s.eval_set_id} data-testid={`evals:set-${s.eval_set_key}`}>
                  <td>
                    <strong>{s.eval_set_key}</strong>
                    {s.description && <div className="muted small">{s.description}</div>}
                  </td>
                  <td className="num">{formatCount(s.item_count)}</td>
                  <td>{sourceText(s.source)}</td>
                  <td className="small">
                    {Object.entries(s.stats.categories)
                      .map(([k, n]) => `${k} ${n}`)
                      .join(", ") || "—"}
                  </td>
                  <td>
                    <time dateTime={s.created_at}>{formatRelative(s.created_at)}</time>
                  </td>
                  <td>
                    <code title={s.content_hash}>{s.content_hash.slice(0, 12)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <CursorPager
        area="evals-sets"
        cursors={cursors}
        setCursors={setCursors}
        nextCursor={list.data?.pagination.next_cursor}
        busy={list.isPlaceholderData}
      />
    </section>
  );
}
