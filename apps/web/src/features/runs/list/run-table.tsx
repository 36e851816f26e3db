import { FlexRender, type RowSelectionState, type Updater, useTable } from "@tanstack/react-table";
import type { RunSummary } from "@tunix-rt/contracts";
import { useMemo } from "react";
import {
  BUILT_IN_COLUMNS,
  extraColumnSpec,
  type RunColumnSpec,
  runColumns,
  runTableFeatures,
} from "./run-columns";

interface Props {
  rows: RunSummary[];
  stale: boolean;
  extra: string[];
  hidden: string[];
  sort: string;
  onSort: (sort: string) => void;
  selected: RowSelectionState;
  onSelected: (s: RowSelectionState) => void;
  maxSelected: number;
}

/** Text sorts A to Z first; numbers, dates and durations high to low first, as people look for the best. */
const firstDescending = (sort: string) => sort !== "name" && sort !== "status";

/** Runs as a table: chosen columns, server-sorted headers, and ticks for comparing. */
export function RunTable({
  rows,
  stale,
  extra,
  hidden,
  sort,
  onSort,
  selected,
  onSelected,
  maxSelected,
}: Props) {
  const columns = useMemo(() => runColumns(extra, maxSelected), [extra, maxSelected]);
  const specs = new Map<string, RunColumnSpec>(
    [...BUILT_IN_COLUMNS, ...extra.map(extraColumnSpec)].map((c) => [c.id, c]),
  );
  const table = useTable({
    features: runTableFeatures,
    columns,
    data: rows,
    getRowId: (r) => r.run_id,
    enableRowSelection: true,
    state: {
      rowSelection: selected,
      columnVisibility: Object.fromEntries(hidden.map((id) => [id, false])),
    },
    // A page can hold more runs than the compare view overlays: keep the first ticked.
    onRowSelectionChange: (u: Updater<RowSelectionState>) => {
      const next = typeof u === "function" ? u(selected) : u;
      onSelected(
        Object.fromEntries(
          Object.keys(next)
            .filter((k) => next[k])
            .slice(0, maxSelected)
            .map((k) => [k, true]),
        ),
      );
    },
  });
  const desc = sort.startsWith("-");
  const sortKey = desc ? sort.slice(1) : sort;

  return (
    <div className="table-scroll">
      <table className={`table run-table${stale ? " is-stale" : ""}`} data-testid="runs:list">
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const spec = specs.get(header.column.id);
                const active = spec?.sort !== undefined && spec.sort === sortKey;
                const dir = active ? (desc ? "descending" : "ascending") : undefined;
                return (
                  <th
                    key={header.id}
                    className={spec?.numeric ? "num" : undefined}
                    aria-sort={dir}
                    data-col={header.column.id}
                  >
                    {spec?.sort ? (
                      <button
                        type="button"
                        className="th-sort"
                        onClick={() => {
                          const nextDesc = active ? !desc : firstDescending(spec.sort!);
                          onSort(`${nextDesc ? "-" : ""}${spec.sort}`);
                        }}
                        data-testid={`runs:sort-${header.column.id}`}
                      >
                        <FlexRender header={header} />
                        {active ? (desc ? " ▼" : " ▲") : ""}
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
              data-testid={`runs:row-${row.id}`}
              data-status={row.original.status}
              className={row.getIsSelected() ? "is-selected" : undefined}
            >
              {row.getVisibleCells().map((cell) => (
                <td
                  key={cell.id}
                  className={
                    specs.get(cell.column.id)?.numeric
                      ? "num"
                      : cell.column.id === "result"
                        ? "run-result"
                        : undefined
                  }
                  data-col={cell.column.id}
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
