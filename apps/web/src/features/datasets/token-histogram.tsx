import type { DatasetTokensResponse } from "@tunix-rt/contracts";
import { formatCount } from "../../shared/format";

const W = 960;
const H = 260;
const M = { left: 52, right: 34, top: 34, bottom: 44 };
const PLOT_W = W - M.left - M.right;
const PLOT_H = H - M.top - M.bottom;

const label = (n: number) => formatCount(Math.round(n));

/** Up to `n` evenly spaced indices from 0 to last, always including both ends. */
function tickIndices(last: number, n: number): number[] {
  if (last <= 0) return [0];
  const step = Math.max(1, Math.ceil(last / n));
  const out: number[] = [];
  for (let i = 0; i < last; i += step) out.push(i);
  if (last - (out[out.length - 1] ?? 0) < step / 2) out.pop();
  out.push(last);
  return out;
}

/**
 * Token lengths as bars, with a dashed line at max_seq_length: bins at or past the line hold
 * examples that would be cut. When the line is off the chart, an arrow at that edge says so.
 */
export function TokenHistogram({ tokens }: { tokens: DatasetTokensResponse }) {
  const { edges, counts } = tokens.histogram;
  const lo = edges[0] ?? 0;
  let hi = edges[edges.length - 1] ?? lo;
  if (hi <= lo) hi = lo + 1;
  const sx = (v: number) => M.left + ((v - lo) / (hi - lo)) * PLOT_W;
  const maxCount = Math.max(1, ...counts);
  const sy = (c: number) => M.top + PLOT_H - (c / maxCount) * PLOT_H;
  const limit = tokens.max_seq_length;
  const lineInside = limit >= lo && limit <= hi;
  // Off the chart, the line stands just outside the plot on that side, apart from the bars.
  const lineX = lineInside ? sx(limit) : limit < lo ? M.left - 4 : M.left + PLOT_W + 14;
  const yTicks = [0, Math.round(maxCount / 2), maxCount].filter((v, i, a) => a.indexOf(v) === i);

  return (
    <svg
      className="histogram"
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label={`Token lengths of ${tokens.example_count} examples, from ${tokens.min} to ${tokens.max} tokens; ${tokens.truncated_count} longer than ${limit}`}
      data-testid="dataset:histogram"
    >
      {yTicks.map((t) => (
        <g key={t} className="histogram-grid">
          <line x1={M.left} x2={M.left + PLOT_W} y1={sy(t)} y2={sy(t)} />
          <text x={M.left - 8} y={sy(t)} dy="0.32em" textAnchor="end">
            {label(t)}
          </text>
        </g>
      ))}
      {counts.map((c, i) => {
        const from = edges[i] ?? lo;
        const to = edges[i + 1] ?? hi;
        const x0 = sx(from);
        const width = Math.max(1, sx(to) - x0 - 1);
        const cut = from >= limit ? " is-truncated" : to > limit ? " is-partial" : "";
        return (
          <rect
            // Bins are positional: the index is the identity.
            // biome-ignore lint/suspicious/noArrayIndexKey: bins have no other key
            key={i}
            className={`histogram-bar${cut}`}
            x={x0 + 0.5}
            y={sy(c)}
            width={width}
            height={M.top + PLOT_H - sy(c)}
            data-testid="dataset:histogram-bar"
            data-count={c}
          >
            <title>{`${label(from)}–${label(to)} tokens: ${c} example${c === 1 ? "" : "s"}`}</title>
          </rect>
        );
      })}
      <line
        className="histogram-axis"
        x1={M.left}
        x2={M.left + PLOT_W}
        y1={M.top + PLOT_H}
        y2={M.top + PLOT_H}
      />
      {tickIndices(edges.length - 1, 6).map((i) => (
        <text
          key={i}
          className="histogram-tick"
          x={sx(edges[i] ?? lo)}
          y={M.top + PLOT_H + 16}
          textAnchor="middle"
        >
          {label(edges[i] ?? lo)}
        </text>
      ))}
      <text className="histogram-axis-title" x={M.left + PLOT_W / 2} y={H - 6} textAnchor="middle">
        tokens per example (prompt + completion)
      </text>
      <g
        className={`histogram-limit${lineInside ? "" : " is-outside"}`}
        data-testid="dataset:max-seq-line"
        data-inside={lineInside}
      >
        <line x1={lineX} x2={lineX} y1={M.top - 6} y2={M.top + PLOT_H} />
        <text
          x={lineX}
          y={M.top - 12}
          textAnchor={
            lineX > M.left + PLOT_W * 0.7 ? "end" : lineX < M.left + PLOT_W * 0.3 ? "start" : "middle"
          }
        >
          {`${limit < lo ? "← " : ""}max_seq_length ${label(limit)} · ${formatCount(tokens.truncated_count)} truncated${limit > hi ? " →" : ""}`}
        </text>
      </g>
    </svg>
  );
}
