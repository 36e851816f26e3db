import {
  type ColumnDef,
  columnVisibilityFeature,
  rowSelectionFeature,
  rowSortingFeature,
  tableFeatures,
} from "@tanstack/react-table";
import type { TraceSort, TraceSummary } from "@tunix-rt/contracts";
import { Link } from "react-router";
import { formatDateTime, formatRelative, formatScore } from "../../shared/format";

export const traceTableFeatures = tableFeatures({
  rowSortingFeature,
  rowSelectionFeature,
  columnVisibilityFeature,
});
type Column = ColumnDef<typeof traceTableFeatures, TraceSummary>;

/**
 * Which server sort a column header asks for. Both score columns sort by "score": the list's
 * score criteria decides which one, so a header click sets the criteria too.
 */
export const COLUMN_SORT: Record<
  string,
  { sort: "created_at" | "step_count" | "score" | "source"; criteria?: string }
> = {
  created: { sort: "created_at" },
  steps: { sort: "step_count" },
  source: { sort: "source" },
  baseline: { sort: "score", criteria: "baseline" },
  answer_match: { sort: "score", criteria: "answer_match" },
};

/** Columns whose values are numbers: right-aligned. */
export const NUMERIC_COLUMNS = new Set(["steps", "baseline", "answer_match"]);

/** The column a sort (and criteria) is shown on, for the header arrow. */
export function sortedColumn(sort: TraceSort, criteria: string): { id: string; desc: boolean } | null {
  const key = sort.replace("-", "");
  const id = Object.keys(COLUMN_SORT).find(
    (c) => COLUMN_SORT[c]!.sort === key && (key !== "score" || COLUMN_SORT[c]!.criteria === criteria),
  );
  return id ? { id, desc: sort.startsWith("-") } : null;
}

const score = (v: number | null, testId: string) => (
  <span className={v === null ? "muted" : "score-chip"} data-testid={testId}>
    {formatScore(v)}
  </span>
);

/** The table's columns; `search` keeps the list's URL on detail links. */
export function traceColumns(search: string): Column[] {
  return [
    {
      id: "select",
      header: ({ table }) => (
        <input
          type="checkbox"
          checked={table.getIsAllPageRowsSelected()}
          ref={(el) => {
            if (el) el.indeterminate = table.getIsSomePageRowsSelected() && !table.getIsAllPageRowsSelected();
          }}
          onChange={table.getToggleAllPageRowsSelectedHandler()}
          aria-label="Select every trace on this page"
          data-testid="traces:select-page"
        />
      ),
      cell: ({ row }) => (
        <input
          type="checkbox"
          checked={row.getIsSelected()}
          onChange={row.getToggleSelectedHandler()}
          onClick={(e) => e.stopPropagation()}
          aria-label={`Select trace ${row.original.prompt_preview.slice(0, 40)}`}
          data-testid={`traces:select-${row.id}`}
        />
      ),
    },
    {
      id: "prompt",
      header: "Prompt",
      cell: ({ row }) => (
        <Link
          to={{ pathname: `/traces/${row.id}`, search }}
          className="trace-cell-prompt"
          title={row.original.prompt_preview}
          data-testid={`traces:row-${row.id}`}
        >
          {row.original.prompt_preview}
        </Link>
      ),
    },
    {
      id: "answer",
      header: "Answer",
      cell: ({ row }) => (
        <span className="trace-cell-answer" title={row.original.answer_preview}>
          {row.original.answer_preview}
        </span>
      ),
    },
    { id: "steps", header: "Steps", cell: ({ row }) => row.original.step_count },
    {
      id: "source",
      header: "Source",
      cell: ({ row }) =>
        row.original.source ? (
          <span className="tag">{row.original.source}</span>
        ) : (
          <span className="muted">—</span>
        ),
    },
    {
      id: "baseline",
      header: () => <span title="Latest baseline score">Baseline</span>,
      cell: ({ row }) => score(row.original.scores.baseline, `traces:row-score-${row.id}`),
    },
    {
      id: "answer_match",
      header: () => (
        <span title="Latest answer_match score (100: the answer matches meta.expected_answer)">Match</span>
      ),
      cell: ({ row }) => score(row.original.scores.answer_match, `traces:row-match-${row.id}`),
    },
    {
      id: "created",
      header: "Created",
      cell: ({ row }) => (
        <time
          dateTime={row.original.created_at}
          title={formatDateTime(row.original.created_at)}
          className="muted"
        >
          {formatRelative(row.original.created_at)}
        </time>
      ),
    },
  ];
}
