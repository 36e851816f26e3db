import {
  type ColumnDef,
  FlexRender,
  type RowSelectionState,
  rowSelectionFeature,
  tableFeatures,
  useTable,
} from "@tanstack/react-table";
import type { LeaderboardCell, LeaderboardResponse, LeaderboardRow } from "@tunix-rt/contracts";
import { useMemo } from "react";
import { Link } from "react-router";

const features = tableFeatures({ rowSelectionFeature });
type Column = ColumnDef<typeof features, LeaderboardRow>;

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** "model B @ step 800", "base fixture:tiny". */
export function modelLabel(m: LeaderboardRow["model"]): string {
  if (!m.run_id) return m.key.replace(/^base:/, "base ");
  return `${m.run_name ?? m.run_id.slice(0, 8)} @ ${m.checkpoint === "init" ? "init" : `step ${m.step}`}`;
}

function Cell({ c, testId }: { c: LeaderboardCell | undefined; testId: string }) {
  if (!c) return <span className="muted">—</span>;
  return (
    <Link
      to={`/evals/${c.evaluation_id}`}
      className="board-cell"
      data-testid={testId}
      title={`evaluated ${c.evaluated_at}`}
    >
      <strong>{pct(c.accuracy)}</strong>{" "}
      <span className="muted small">
        [{pct(c.ci95[0])}–{pct(c.ci95[1])}] n={c.n}
      </span>
      <span className="muted small board-extra">
        format {pct(c.format_rate)}
        {c.mean_reasoning_tokens !== null && ` · ${Math.round(c.mean_reasoning_tokens)} reasoning tok`}
        {c.tokens_per_correct !== null && ` · ${Math.round(c.tokens_per_correct)} tok/correct`}
        {c.evaluations > 1 && ` · latest of ${c.evaluations}`}
      </span>
      {c.contaminated_items ? (
        <span
          className="tag tag-warning"
          title="Items whose prompt is also in this model's training data"
          data-testid={`${testId}-contaminated`}
        >
          ⚑ {c.contaminated_items} seen in training
        </span>
      ) : null}
    </Link>
  );
}

interface Props {
  board: LeaderboardResponse;
  rankFrom: number;
  selected: RowSelectionState;
  onSelected: (s: RowSelectionState) => void;
}

/** Models as rows, eval sets as columns; tick two to compare them item by item. */
export function LeaderboardTable({ board, rankFrom, selected, onSelected }: Props) {
  const columns = useMemo<Column[]>(
    () => [
      {
        id: "select",
        header: () => <span className="visually-hidden">Compare</span>,
        cell: ({ row }) => (
          <input
            type="checkbox"
            checked={row.getIsSelected()}
            onChange={row.getToggleSelectedHandler()}
            aria-label={`Compare ${modelLabel(row.original.model)}`}
            data-testid={`board:select-${row.index}`}
          />
        ),
      },
      { id: "rank", header: "#", cell: ({ row }) => rankFrom + row.index },
      {
        id: "model",
        header: "Model",
        cell: ({ row }) => {
          const m = row.original.model;
          return (
            <span className="board-model">
              {m.run_id ? <Link to={`/runs/${m.run_id}`}>{modelLabel(m)}</Link> : modelLabel(m)}
              <span className="muted small">
                {m.trainer} · {m.model_id}
                {m.dataset_key && ` · ${m.dataset_key}`}
              </span>
              {m.versions.map((v) => (
                <Link key={v} className="tag" to={`/models/${v.split("@")[0]}`}>
                  {v}
                </Link>
              ))}
            </span>
          );
        },
      },
      ...board.eval_sets.map(
        (s): Column => ({
          id: `set:${s.key}`,
          header: s.key,
          cell: ({ row }) => (
            <Cell c={row.original.results[s.key]} testId={`board:cell-${row.index}-${s.key}`} />
          ),
        }),
      ),
    ],
    [board.eval_sets, rankFrom],
  );
  const table = useTable({
    features,
    columns,
    data: board.data,
    getRowId: (r) => r.model.key,
    enableRowSelection: true,
    state: { rowSelection: selected },
    onRowSelectionChange: (u) => {
      const next = typeof u === "function" ? u(selected) : u;
      // Two at most: a comparison is one model against another.
      onSelected(
        Object.fromEntries(
          Object.keys(next)
            .filter((k) => next[k])
            .slice(-2)
            .map((k) => [k, true]),
        ),
      );
    },
  });
  return (
    <div className="table-scroll">
      <table className="table board-table" data-testid="board:table">
        <thead>
          {table.getHeaderGroups().map((g) => (
            <tr key={g.id}>
              {g.headers.map((h) => (
                <th key={h.id} className={h.column.id === "rank" ? "num" : undefined}>
                  <FlexRender header={h} />
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.map((row) => (
            <tr
              key={row.id}
              className={row.getIsSelected() ? "is-selected" : undefined}
              data-testid={`board:row-${row.index}`}
              data-model={row.id}
            >
              {row.getAllCells().map((cell) => (
                <td key={cell.id} className={cell.column.id === "rank" ? "num" : undefined}>
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
