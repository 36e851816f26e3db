import { useMemo } from "react";
import type uPlot from "uplot";
import { UPlotChart } from "../../../shared/uplot-chart";
import { formatValue } from "../metrics/series";
import { RUN_COLORS } from "./compare-data";

/**
 * One metric of every compared run on a shared step axis: a line per run in its colour; the legend
 * under the chart lists each run's value at the step under the cursor. Drag to zoom, double-click
 * to reset (uPlot's own gestures).
 */
export function CompareChart({
  name,
  labels,
  data,
}: {
  name: string;
  labels: string[];
  data: uPlot.AlignedData;
}) {
  const options = useMemo<Omit<uPlot.Options, "width">>(
    () => ({
      title: name,
      height: 240,
      scales: { x: { time: false } },
      axes: [
        { label: "step", stroke: "#5d6b7e" },
        { stroke: "#5d6b7e", size: 60 },
      ],
      cursor: { drag: { x: true, y: false } },
      series: [
        { label: "step" },
        ...labels.map((label, i) => ({
          label,
          stroke: RUN_COLORS[i % RUN_COLORS.length],
          width: 1.75,
          spanGaps: true,
          points: { show: false },
          value: (_u: uPlot, v: number | null) => (v === null ? "—" : formatValue(v)),
        })),
      ],
    }),
    [name, labels],
  );
  const testId = `compare:chart-${name}`;
  return (
    <figure className="compare-chart" data-testid={testId} data-series={labels.length}>
      <UPlotChart options={options} data={data} />
    </figure>
  );
}
