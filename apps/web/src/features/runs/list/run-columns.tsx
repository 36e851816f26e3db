import {
  type ColumnDef,
  columnVisibilityFeature,
  rowSelectionFeature,
  tableFeatures,
} from "@tanstack/react-table";
import type { RunSummary } from "@tunix-rt/contracts";
import { Link } from "react-router";
import { formatDateTime, formatRelative } from "../../../shared/format";
import { StatusBadge } from "../../../shared/status-badge";
import { between, formatDuration } from "../duration";
import { formatValue, seriesOrder } from "../metrics/series";
import { progressText } from "../run-progress";

export const runTableFeatures = tableFeatures({ rowSelectionFeature, columnVisibilityFeature });
export type RunColumn = ColumnDef<typeof runTableFeatures, RunSummary>;

/** A column the list can show: its header, its cell, and the server sort it maps to (if any). */
export interface RunColumnSpec {
  id: string;
  header: string;
  sort?: string;
  numeric?: boolean;
  /** Always shown (the run's identity); the others can be hidden. */
  fixed?: boolean;
}

export const BUILT_IN_COLUMNS: RunColumnSpec[] = [
  { id: "status", header: "Status", sort: "status" },
  { id: "run", header: "Run", sort: "name", fixed: true },
  { id: "dataset", header: "Dataset · model" },
  { id: "trainer", header: "Trainer" },
  { id: "queued", header: "Queued", sort: "created_at" },
  { id: "duration", header: "Duration", sort: "duration", numeric: true },
  { id: "result", header: "Result" },
];

/** `config:<dotted path>` and `metric:<name>` columns, added by the person reading the list. */
export function extraColumnSpec(id: string): RunColumnSpec {
  const [kind, ...rest] = id.split(":");
  const name = rest.join(":");
  return { id, header: kind === "metric" ? name : name.split(".").at(-1)!, sort: id, numeric: true };
}

/** A config's leaves as dotted paths ("trainer_options.lora_rank"), for column suggestions. */
export function configPaths(config: Record<string, unknown>, prefix = ""): string[] {
  return Object.entries(config).flatMap(([k, v]) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? configPaths(v as Record<string, unknown>, `${prefix}${k}.`)
      : [`${prefix}${k}`],
  );
}

function configValue(config: Record<string, unknown>, path: string): unknown {
  return path
    .split(".")
    .reduce<unknown>(
      (v, k) => (v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined),
      config,
    );
}

const show = (v: unknown) =>
  v === undefined || v === null ? (
    <span className="muted">—</span>
  ) : typeof v === "number" ? (
    formatValue(v)
  ) : (
    String(typeof v === "object" ? JSON.stringify(v) : v)
  );

function extraCell(id: string, r: RunSummary) {
  if (id.startsWith("metric:")) return show(r.final_metrics?.[id.slice("metric:".length)]);
  return show(configValue(r.config, id.slice("config:".length)));
}

function builtInCell(id: string, r: RunSummary) {
  switch (id) {
    case "status":
      return <StatusBadge status={r.status} testId={`runs:status-${r.run_id}`} />;
    case "run":
      return (
        <>
          <Link to={`/runs/${r.run_id}`} className="run-link" data-testid={`runs:link-${r.run_id}`}>
            <code>{r.run_id.slice(0, 8)}</code>
          </Link>
          {r.name && (
            <span className="run-list-name" data-testid={`runs:name-${r.run_id}`}>
              {r.name}
            </span>
          )}
          {r.mode === "dry-run" && <span className="tag tag-muted">dry run</span>}
          {r.kind === "eval" && (
            <Link
              to={`/evals/${r.run_id}`}
              className="tag"
              title="An evaluation run: its accuracy and answers"
            >
              evaluation
            </Link>
          )}
          {r.labels.map((l) => (
            <span key={l} className="tag">
              {l}
            </span>
          ))}
        </>
      );
    case "dataset":
      return (
        <>
          <div className="run-dataset">{r.dataset_key}</div>
          <div className="muted small run-model">{r.model_id}</div>
        </>
      );
    case "trainer":
      return r.trainer;
    case "queued":
      return (
        <time dateTime={r.queued_at} title={formatDateTime(r.queued_at)}>
          {formatRelative(r.queued_at)}
        </time>
      );
    case "duration": {
      // A dry run checks and starts nothing: it has no duration to show.
      const ms =
        r.mode === "dry-run"
          ? null
          : r.duration_seconds !== null
            ? r.duration_seconds * 1000
            : between(r.started_at, r.completed_at);
      return ms === null ? "—" : formatDuration(ms);
    }
    default:
      return <ResultCell r={r} />;
  }
}

function ResultCell({ r }: { r: RunSummary }) {
  const metric = Object.keys(r.final_metrics ?? {}).sort(seriesOrder)[0];
  const live = progressText(r);
  if (r.error)
    return (
      <span className="run-error" title={r.error}>
        {r.error}
      </span>
    );
  if (metric)
    return (
      <span>
        <span className="muted small">{metric}</span> {formatValue(r.final_metrics![metric]!)}
      </span>
    );
  if (live)
    return (
      <span className="muted small" data-testid={`runs:progress-${r.run_id}`}>
        {live}
      </span>
    );
  return <span className="muted">—</span>;
}

/** The select column, then every built-in column, then the extra columns in the order added. */
export function runColumns(extra: string[], maxSelected: number): RunColumn[] {
  const select: RunColumn = {
    id: "select",
    header: ({ table }) => (
      <input
        type="checkbox"
        checked={table.getIsAllPageRowsSelected()}
        onChange={table.getToggleAllPageRowsSelectedHandler()}
        aria-label={`Compare the runs on this page (at most ${maxSelected})`}
        title={`Tick every run on this page (at most ${maxSelected} in all)`}
        data-testid="runs:select-page"
      />
    ),
    cell: ({ row }) => (
      <input
        type="checkbox"
        checked={row.getIsSelected()}
        onChange={row.getToggleSelectedHandler()}
        aria-label={`Compare run ${row.id.slice(0, 8)}`}
        data-testid={`runs:select-${row.id}`}
      />
    ),
  };
  const specs = [...BUILT_IN_COLUMNS, ...extra.map(extraColumnSpec)];
  return [
    select,
    ...specs.map(
      (spec): RunColumn => ({
        id: spec.id,
        header: spec.header,
        cell: ({ row }) =>
          spec.id.includes(":") ? extraCell(spec.id, row.original) : builtInCell(spec.id, row.original),
      }),
    ),
  ];
}
