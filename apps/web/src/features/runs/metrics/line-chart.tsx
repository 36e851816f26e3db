import { type PointerEvent, useMemo, useState } from "react";
import { formatCount } from "../../../shared/format";
import { downsample, formatValue, logTicks, niceTicks, type Series } from "./series";

const W = 560;
const H = 220;
const PAD = { left: 56, right: 14, top: 14, bottom: 30 };
const PLOT_W = W - PAD.left - PAD.right;
const PLOT_H = H - PAD.top - PAD.bottom;

/** One metric as a plain SVG line chart: step on x, value on y, a readout under the pointer. */
export function LineChart({ series }: { series: Series }) {
  const { points } = series;
  const [hover, setHover] = useState<number | null>(null);
  const [logScale, setLogScale] = useState(false);
  // A log axis needs every value above zero (a loss, say).
  const canLog = points.length > 1 && points.every((p) => p.value > 0);
  const log = logScale && canLog;
  const view = useMemo(() => {
    if (points.length === 0) return null;
    const f = log ? Math.log10 : (v: number) => v;
    const x0 = points[0]!.step;
    const x1 = points[points.length - 1]!.step;
    let y0 = Number.POSITIVE_INFINITY;
    let y1 = Number.NEGATIVE_INFINITY;
    for (const p of points) {
      if (p.value < y0) y0 = p.value;
      if (p.value > y1) y1 = p.value;
    }
    const pad = (f(y1) - f(y0)) * 0.05 || Math.abs(f(y0)) * 0.1 || 1;
    const yLo = f(y0) - pad;
    const yHi = f(y1) + pad;
    const xLo = x0 === x1 ? x0 - 1 : x0;
    const xHi = x0 === x1 ? x1 + 1 : x1;
    const sx = (step: number) => PAD.left + ((step - xLo) / (xHi - xLo)) * PLOT_W;
    const sy = (v: number) => PAD.top + (1 - (f(v) - yLo) / (yHi - yLo)) * PLOT_H;
    const drawn = downsample(points, PLOT_W);
    const d = drawn
      .map((p, i) => `${i === 0 ? "M" : "L"}${sx(p.step).toFixed(1)},${sy(p.value).toFixed(1)}`)
      .join("");
    return {
      d,
      sx,
      sy,
      xTicks: niceTicks(x0, x1, 6).filter((t) => t >= xLo && t <= xHi),
      yTicks: (log ? logTicks(y0, y1) : niceTicks(y0, y1, 5)).filter((t) => f(t) >= yLo && f(t) <= yHi),
      xLo,
      xHi,
    };
  }, [points, log]);

  const last = points[points.length - 1];
  const shown = hover !== null ? points[hover] : last;

  const onMove = (e: PointerEvent<SVGSVGElement>) => {
    if (!view) return;
    const box = e.currentTarget.getBoundingClientRect();
    const x = ((e.clientX - box.left) / box.width) * W;
    const step = view.xLo + ((x - PAD.left) / PLOT_W) * (view.xHi - view.xLo);
    setHover(nearest(points, step));
  };

  return (
    <figure
      className="chart"
      data-testid="run:chart"
      data-name={series.name}
      data-points={points.length}
      data-scale={log ? "log" : "linear"}
    >
      <figcaption className="chart-caption">
        <strong>{series.name}</strong>
        {shown && (
          <span className="chart-readout" data-testid="run:chart-readout">
            {formatValue(shown.value)} <span className="muted">at step {formatCount(shown.step)}</span>
          </span>
        )}
        {canLog && (
          <label className="checkbox chart-log">
            <input
              type="checkbox"
              checked={logScale}
              onChange={(e) => setLogScale(e.target.checked)}
              data-testid="run:chart-log"
            />
            log
          </label>
        )}
        {series.total > points.length && (
          <span className="muted small">
            {formatCount(points.length)} of {formatCount(series.total)} points
          </span>
        )}
      </figcaption>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        className="chart-svg"
        role="img"
        aria-label={`${series.name}: ${points.length} points${last ? `, last ${formatValue(last.value)} at step ${last.step}` : ""}`}
        onPointerMove={onMove}
        onPointerLeave={() => setHover(null)}
      >
        <rect x={PAD.left} y={PAD.top} width={PLOT_W} height={PLOT_H} className="chart-plot" />
        {view?.yTicks.map((t) => (
          <g key={`y${t}`}>
            <line x1={PAD.left} x2={W - PAD.right} y1={view.sy(t)} y2={view.sy(t)} className="chart-grid" />
            <text
              x={PAD.left - 6}
              y={view.sy(t)}
              className="chart-tick"
              textAnchor="end"
              dominantBaseline="middle"
            >
              {formatValue(t)}
            </text>
          </g>
        ))}
        {view?.xTicks.map((t) => (
          <text
            key={`x${t}`}
            x={view.sx(t)}
            y={H - PAD.bottom + 16}
            className="chart-tick"
            textAnchor="middle"
          >
            {formatCount(t)}
          </text>
        ))}
        <text x={W - PAD.right} y={H - 2} className="chart-tick" textAnchor="end">
          step
        </text>
        {view && <path d={view.d} className="chart-line" data-testid="run:chart-line" />}
        {view && shown && (
          <circle cx={view.sx(shown.step)} cy={view.sy(shown.value)} r={3.5} className="chart-dot" />
        )}
        {!view && (
          <text x={W / 2} y={H / 2} textAnchor="middle" className="chart-tick">
            No points yet
          </text>
        )}
      </svg>
    </figure>
  );
}

/** Index of the point whose step is closest to `step` (points sorted by step). */
export function nearest(points: readonly { step: number }[], step: number): number | null {
  if (points.length === 0) return null;
  let lo = 0;
  let hi = points.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (points[mid]!.step < step) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0 && Math.abs(points[lo - 1]!.step - step) <= Math.abs(points[lo]!.step - step)) return lo - 1;
  return lo;
}
