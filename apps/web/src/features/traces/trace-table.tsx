import { FlexRender, type RowSelectionState, type Updater, useTable } from "@tanstack/react-table";
import type { TraceSort, TraceSummary } from "@tunix-rt/contracts";
import { useMemo } from "react";
import { useNavigate } from "react-router";
import {
  COLUMN_SORT,
  NUMERIC_COLUMNS,
  sortedColumn,
  traceColumns,
  traceTableFeatures,
} from "./trace-columns";

interface Props {
  rows: TraceSummary[];
  stale: boolean;
  sort: TraceSort;
  scoreCriteria: string;
  onSort: (sort: TraceSort, scoreCriteria?: string) => void;
  selected: RowSelectionState;
  onSelected: (s: RowSelectionState) => void;
  openId: string | undefined;
  search: string;
}

const ARROW = { asc: " ▲", desc: " ▼" } as const;

/** A dense table of one page of traces: server-sorted headers, multi-select, a row opens its detail. */
export function TraceTable({
  rows,
  stale,
  sort,
  scoreCriteria,
  onSort,
  selected,
  onSelected,
  openId,
  search,
}: Props) {
  const columns = useMemo(() => traceColumns(search), [search]);
  const table = useTable({
    features: traceTableFeatures,
    columns,
    data: rows,
    getRowId: (r) => r.id,
    manualSorting: true,
    enableRowSelection: true,
    state: { rowSelection: selected },
    onRowSelectionChange: (u: Updater<RowSelectionState>) =>
      onSelected(typeof u === "function" ? u(selected) : u),
  });
  const current = sortedColumn(sort, scoreCriteria);
  const navigate = useNavigate();

  /** First click sorts numbers and dates high to low, text A to Z; the next click reverses. */
  const clickSort = (columnId: string) => {
    const target = COLUMN_SORT[columnId]!;
    const firstDesc = target.sort !== "source";
    const desc = current?.id === columnId ? !current.desc : firstDesc;
    onSort(`${desc ? "-" : ""}${target.sort}` as TraceSort, target.criteria);
  };

  return (
    <div className="table-scroll">
      <table className={`table trace-table${stale ? " is-stale" : ""}`} data-testid="traces:list">
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const id = header.column.id;
                const sortable = id in COLUMN_SORT;
                const dir = current?.id === id ? (current.desc ? "desc" : "asc") : undefined;
                return (
                  <th
                    key={header.id}
                    className={`col-${id}${NUMERIC_COLUMNS.has(id) ? " num" : ""}`}
                    aria-sort={dir === "desc" ? "descending" : dir === "asc" ? "ascending" : undefined}
                  >
                    {sortable ? (
                      <button
                        type="button"
                        className="th-sort"
                        onClick={() => clickSort(id)}
                        data-testid={`traces:sort-${id}`}
                      >
                        <FlexRender header={header} />
                        {dir ? ARROW[dir] : ""}
                      </button>
                    ) : (
                      <FlexRender header={header} />
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.map((row) => (
            <tr
              key={row.id}
              className={`${row.id === openId ? "is-open " : ""}${row.getIsSelected() ? "is-selected" : ""}`}
              aria-current={row.id === openId ? "page" : undefined}
              data-testid={`traces:tr-${row.id}`}
              // The prompt cell holds the link (keyboard and middle-click); the rest of the row is a
              // larger click target for the pointer.
              onClick={(e) => {
                if ((e.target as HTMLElement).closest("a, input, button")) return;
                navigate({ pathname: `/traces/${row.id}`, search });
              }}
            >
              {row.getAllCells().map((cell) => (
                <td
                  key={cell.id}
                  className={`col-${cell.column.id}${NUMERIC_COLUMNS.has(cell.column.id) ? " num" : ""}`}
                >
                  <FlexRender cell={cell} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
