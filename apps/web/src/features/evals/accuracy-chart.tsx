import type { RunEvaluationsResponse } from "@tunix-rt/contracts";
import { useMemo } from "react";
import type uPlot from "uplot";
import { UPlotChart } from "../../shared/uplot-chart";

type Point = RunEvaluationsResponse["eval_sets"][number]["points"][number];

const ACCURACY = "#2348b8";
const FORMAT = "#17794a";

/**
 * Accuracy over training steps with its 95% interval as a band, and format compliance beside it,
 * for one eval set: how the model got better on questions it has not seen.
 */
export function AccuracyChart({ points, best }: { points: Point[]; best: number | null }) {
  const done = points.filter((p) => p.accuracy !== null && p.step !== null);
  const data = useMemo<uPlot.AlignedData>(
    () => [
      done.map((p) => p.step!),
      done.map((p) => p.accuracy! * 100),
      done.map((p) => (p.ci95?.[0] ?? p.accuracy!) * 100),
      done.map((p) => (p.ci95?.[1] ?? p.accuracy!) * 100),
      done.map((p) => (p.format_rate ?? 0) * 100),
    ],
    [done],
  );
  const options = useMemo<Omit<uPlot.Options, "width">>(
    () => ({
      height: 220,
      scales: { x: { time: false }, y: { range: [0, 100] } },
      axes: [
        { label: "step", stroke: "#5d6b7e" },
        { label: "%", stroke: "#5d6b7e", values: (_u, ticks) => ticks.map((t) => `${t}%`) },
      ],
      series: [
        { label: "step" },
        {
          label: "accuracy",
          stroke: ACCURACY,
          width: 2,
          points: { show: true, size: 6, fill: ACCURACY },
          value: (_u, v) => (v === null ? "—" : `${v.toFixed(1)}%`),
        },
        {
          label: "95% low",
          stroke: "transparent",
          points: { show: false },
          value: (_u, v) => (v === null ? "—" : `${v.toFixed(1)}%`),
        },
        {
          label: "95% high",
          stroke: "transparent",
          points: { show: false },
          value: (_u, v) => (v === null ? "—" : `${v.toFixed(1)}%`),
        },
        {
          label: "format",
          stroke: FORMAT,
          dash: [6, 4],
          width: 1.5,
          points: { show: true, size: 4 },
          value: (_u, v) => (v === null ? "—" : `${v.toFixed(1)}%`),
        },
      ],
      bands: [{ series: [3, 2], fill: "rgba(35, 72, 184, 0.12)" }],
      hooks: {
        draw: [
          (u) => {
            if (best === null) return;
            const x = u.valToPos(best, "x", true);
            const ctx = u.ctx;
            ctx.save();
            ctx.strokeStyle = "#8a5a00";
            ctx.setLineDash([3, 3]);
            ctx.beginPath();
            ctx.moveTo(x, u.bbox.top);
            ctx.lineTo(x, u.bbox.top + u.bbox.height);
            ctx.stroke();
            ctx.restore();
          },
        ],
      },
    }),
    [best],
  );
  if (done.length === 0) return <p className="muted">No evaluation has finished yet.</p>;
  return <UPlotChart options={options} data={data} testId="run:eval-chart" />;
}
