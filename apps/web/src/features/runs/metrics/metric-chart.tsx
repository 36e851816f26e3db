import { useMemo, useState } from "react";
import type uPlot from "uplot";
import { formatCount } from "../../../shared/format";
import { UPlotChart } from "../../../shared/uplot-chart";
import { overlay } from "../compare/compare-data";
import { downsample, ema, formatValue, type Series, unitOf } from "./series";

/** Points drawn per series: about two per pixel column of a card, each bucket's extremes kept. */
const DRAWN = 800;
const COLORS = ["#2348b8", "#d1495b", "#17794a", "#8a5a00"];

/** Faded version of a colour, for the raw line under a smoothed one. */
const faint = (hex: string) => `${hex}55`;

interface Readout {
  step: number;
  values: { name: string; value: number | null }[];
}

/**
 * One metric (train and eval of it together) on uPlot: a shared step axis, the value of every
 * series at the step under the cursor, EMA smoothing with the raw line kept faint, drag to zoom and
 * double-click to reset, a log axis for values that span decades, the unit where it is known.
 */
export function MetricChart({
  name,
  series,
  parent = [],
  parentRunId = null,
}: {
  name: string;
  series: Series[];
  /** A resumed run's parent's part of these series, drawn first (dashed) so the curve reads as one. */
  parent?: Series[];
  parentRunId?: string | null;
}) {
  const [smoothing, setSmoothing] = useState(0);
  const [logScale, setLogScale] = useState(false);
  const [hovered, setHovered] = useState<Readout | null>(null);
  /** The step range in view after a drag-zoom; null when the whole run is shown. */
  const [zoom, setZoom] = useState<[number, number] | null>(null);
  const canLog = series.every((s) => s.points.length > 1 && s.points.every((p) => p.value > 0));
  const log = logScale && canLog;
  const unit = unitOf(series[0]?.name ?? name);
  const smoothed = smoothing > 0;

  const drawn = useMemo(() => series.map((s) => downsample(s.points, DRAWN)), [series]);
  const before = useMemo(() => parent.map((s) => downsample(s.points, DRAWN)), [parent]);
  const data = useMemo(() => {
    const lines = smoothed ? drawn.flatMap((points) => [points, ema(points, smoothing)]) : drawn;
    return overlay([...before, ...lines]) as uPlot.AlignedData;
  }, [before, drawn, smoothed, smoothing]);

  const names = `${series.map((s) => s.name).join(",")}|${parent.map((s) => s.name).join(",")}`;
  // biome-ignore lint/correctness/useExhaustiveDependencies: `names` stands for the series' identity.
  const options = useMemo<Omit<uPlot.Options, "width">>(() => {
    const lines: uPlot.Series[] = series.flatMap((s, i) => {
      const color = COLORS[i % COLORS.length]!;
      const main: uPlot.Series = {
        label: smoothed ? `${s.name} (smoothed)` : s.name,
        stroke: color,
        width: 1.75,
        spanGaps: true,
        points: { show: s.points.length <= 1 }, // a lone point is invisible as a line
        value: (_u, v) => (v === null ? "—" : formatValue(v)),
      };
      if (!smoothed) return [main];
      return [
        { label: `${s.name} (raw)`, stroke: faint(color), width: 1, spanGaps: true, points: { show: false } },
        main,
      ];
    });
    const parentLines: uPlot.Series[] = parent.map((s) => ({
      label: `${s.name} (run ${parentRunId?.slice(0, 8) ?? "parent"})`,
      stroke: faint(
        COLORS[
          Math.max(
            0,
            series.findIndex((x) => x.name === s.name),
          ) % COLORS.length
        ]!,
      ),
      width: 1.5,
      dash: [5, 4],
      spanGaps: true,
      points: { show: false },
    }));
    return {
      height: 220,
      scales: { x: { time: false }, y: log ? { distr: 3, log: 10 } : {} },
      axes: [
        { label: "step", stroke: "#5d6b7e" },
        {
          label: unit || undefined,
          stroke: "#5d6b7e",
          size: 64,
          values: (_u, ticks) => ticks.map((t) => (t == null ? "" : formatValue(t))),
        },
      ],
      cursor: { drag: { x: true, y: false } },
      legend: { show: false },
      series: [{ label: "step" }, ...parentLines, ...lines],
      hooks: {
        setScale: [
          (u, key) => {
            if (key !== "x") return;
            const xs = u.data[0];
            const { min, max } = u.scales.x ?? {};
            const whole =
              min === undefined || max === undefined || (min <= xs[0]! && max >= xs[xs.length - 1]!);
            setZoom(whole ? null : [Math.round(min!), Math.round(max!)]);
          },
        ],
        setCursor: [
          (u) => {
            const idx = u.cursor.idx;
            if (idx === null || idx === undefined) return setHovered(null);
            const step = u.data[0][idx]!;
            const perSeries = smoothed ? 2 : 1;
            setHovered({
              step,
              values: series.map((s, i) => ({
                name: s.name,
                value:
                  (u.data[1 + parent.length + i * perSeries + (perSeries - 1)]?.[idx] as number | null) ??
                  null,
              })),
            });
          },
        ],
      },
    };
  }, [names, smoothed, log, unit]);

  const last = series[0]?.points.at(-1);
  const total = series.reduce((n, s) => n + s.points.length, 0);
  const recorded = series.reduce((n, s) => n + s.total, 0);
  return (
    <figure
      className="chart"
      data-testid="run:chart"
      data-name={name}
      data-series={series.map((s) => s.name).join(" ")}
      data-points={total}
      data-scale={log ? "log" : "linear"}
      data-smoothing={smoothing}
      data-zoom={zoom ? zoom.join("-") : "all"}
      data-parent-points={parent.reduce((n, s) => n + s.points.length, 0)}
    >
      <figcaption className="chart-caption">
        <strong>{name}</strong>
        {unit && <span className="muted small">{unit}</span>}
        <span className="chart-readout" data-testid="run:chart-readout">
          {hovered
            ? hovered.values
                .map(
                  (v) =>
                    `${series.length > 1 ? `${v.name} ` : ""}${v.value === null ? "—" : formatValue(v.value)}`,
                )
                .join(" · ") + ` at step ${formatCount(hovered.step)}`
            : last
              ? `${formatValue(last.value)} at step ${formatCount(last.step)}`
              : ""}
        </span>
      </figcaption>
      <UPlotChart options={options} data={data} testId="run:chart-plot" />
      <div className="chart-controls">
        <span className="chart-legend">
          {parent.length > 0 && (
            <span className="chart-key muted" data-testid="run:chart-parent">
              dashed: resumed from run {parentRunId?.slice(0, 8)}
            </span>
          )}
          {series.map((s, i) => (
            <span key={s.name} className="chart-key">
              <span className="compare-swatch" style={{ background: COLORS[i % COLORS.length] }} />
              {s.name}
            </span>
          ))}
        </span>
        <label className="small">
          smoothing{" "}
          <input
            type="range"
            min={0}
            max={0.99}
            step={0.01}
            value={smoothing}
            onChange={(e) => setSmoothing(Number(e.target.value))}
            data-testid="run:chart-smoothing"
            aria-label={`Smoothing of ${name}`}
          />{" "}
          {smoothing.toFixed(2)}
        </label>
        {canLog && (
          <label className="checkbox small">
            <input
              type="checkbox"
              checked={logScale}
              onChange={(e) => setLogScale(e.target.checked)}
              data-testid="run:chart-log"
            />
            log
          </label>
        )}
        {zoom && (
          <span className="muted small" data-testid="run:chart-zoom">
            steps {formatCount(zoom[0])}–{formatCount(zoom[1])} · double-click to see all
          </span>
        )}
        {recorded > total && (
          <span className="muted small">
            {formatCount(total)} of {formatCount(recorded)} points
          </span>
        )}
      </div>
    </figure>
  );
}
