export interface Point {
  step: number;
  value: number;
}

export interface Series {
  name: string;
  points: Point[];
  /** Points the run recorded (the server may have sent fewer, downsampled). */
  total: number;
}

/** Live points per series, by step: a point sent twice (a replay after reconnecting) is kept once. */
export type LivePoints = Map<string, Map<number, number>>;

export function addLivePoints(
  live: LivePoints,
  points: readonly { name: string; step: number; value: number }[],
) {
  for (const p of points) {
    let m = live.get(p.name);
    if (!m) {
      m = new Map();
      live.set(p.name, m);
    }
    m.set(p.step, p.value);
  }
}

/** Loss first (the curve people look for), then the rest by name. */
export function seriesOrder(a: string, b: string): number {
  const la = /loss/i.test(a);
  const lb = /loss/i.test(b);
  if (la !== lb) return la ? -1 : 1;
  return a.localeCompare(b);
}

/** The server's series with the points that arrived live merged in, each sorted by step. */
export function mergeSeries(
  fetched: readonly { name: string; points: readonly Point[]; total_points: number }[],
  live: LivePoints,
): Series[] {
  const out = new Map<string, Series>();
  for (const s of fetched) {
    const byStep = new Map<number, number>();
    for (const p of s.points) byStep.set(p.step, p.value);
    const lastFetched = s.points.length ? s.points[s.points.length - 1]!.step : Number.NEGATIVE_INFINITY;
    // Points past the fetched ones were recorded after the fetch: they add to the server's total.
    let newer = 0;
    for (const [step, value] of live.get(s.name) ?? []) {
      if (step > lastFetched) newer++;
      byStep.set(step, value);
    }
    out.set(s.name, { name: s.name, points: sorted(byStep), total: s.total_points + newer });
  }
  for (const [name, m] of live) {
    if (!out.has(name)) out.set(name, { name, points: sorted(m), total: m.size });
  }
  return [...out.values()].sort((a, b) => seriesOrder(a.name, b.name));
}

function sorted(m: Map<number, number>): Point[] {
  return [...m].map(([step, value]) => ({ step, value })).sort((a, b) => a.step - b.step);
}

/**
 * At most about `2 × buckets` points, keeping each bucket's lowest and highest in step order, so a
 * spike survives being drawn at the width of a card.
 */
export function downsample(points: readonly Point[], buckets: number): Point[] {
  if (points.length <= buckets * 2) return points as Point[];
  const first = points[0]!.step;
  const span = points[points.length - 1]!.step - first || 1;
  const out: Point[] = [];
  let bucket = -1;
  let lo: Point | null = null;
  let hi: Point | null = null;
  const flush = () => {
    if (!lo || !hi) return;
    if (lo === hi) out.push(lo);
    else if (lo.step < hi.step) out.push(lo, hi);
    else out.push(hi, lo);
  };
  for (const p of points) {
    const b = Math.min(buckets - 1, Math.floor(((p.step - first) / span) * buckets));
    if (b !== bucket) {
      flush();
      bucket = b;
      lo = hi = p;
    } else {
      if (p.value < lo!.value) lo = p;
      if (p.value > hi!.value) hi = p;
    }
  }
  flush();
  return out;
}

/**
 * Series drawn together: those that measure the same thing in different phases (`train/loss`,
 * `eval/loss`) share a chart, named by what they measure; the rest get one each.
 */
export function groupSeries(series: readonly Series[]): { name: string; series: Series[] }[] {
  const groups = new Map<string, Series[]>();
  for (const s of series) {
    const measure = s.name.includes("/") ? s.name.slice(s.name.indexOf("/") + 1) : s.name;
    groups.set(measure, [...(groups.get(measure) ?? []), s]);
  }
  return [...groups].map(([name, members]) => ({
    name: members.length === 1 ? members[0]!.name : name,
    series: members.sort((a, b) => a.name.localeCompare(b.name)).reverse(), // train before eval
  }));
}

/**
 * Exponential moving average with weight `alpha` on the past (0 = raw), debiased as TensorBoard
 * does, so the first points are not dragged toward zero.
 */
export function ema(points: readonly Point[], alpha: number): Point[] {
  if (alpha <= 0) return points as Point[];
  let avg = 0;
  let weight = 0;
  return points.map((p) => {
    avg = alpha * avg + (1 - alpha) * p.value;
    weight = alpha * weight + (1 - alpha);
    return { step: p.step, value: avg / weight };
  });
}

/** The unit of a metric, from its name, for its axis; "" where it has none. */
export function unitOf(name: string): string {
  if (/per_second$/.test(name))
    return `${name
      .split("/")
      .pop()!
      .replace(/_per_second$/, "")}/s`;
  if (/(_seconds|_secs|\/seconds|\/time)$/.test(name)) return "s";
  if (/accuracy|format_rate/.test(name)) return "fraction";
  return "";
}

/** The checkpoint a resumed run started from: its parent run and the step (null: its latest). */
export interface ResumedFrom {
  run_id: string;
  step: number | null;
}

/** `config.resume_from` ({run_id, checkpoint: "checkpoints/<step>" | null}) as a ResumedFrom. */
export function resumedFrom(config: Record<string, unknown>): ResumedFrom | null {
  const r = config.resume_from as { run_id?: unknown; checkpoint?: unknown } | null | undefined;
  if (!r || typeof r.run_id !== "string") return null;
  const m = typeof r.checkpoint === "string" ? /(\d+)$/.exec(r.checkpoint) : null;
  return { run_id: r.run_id, step: m ? Number(m[1]) : null };
}

/**
 * The parent run's part of each series: its points up to the step this run resumed from (up to
 * this run's first point when the checkpoint was "its latest"), to draw the two as one curve.
 */
export function parentPart(
  parent: readonly Series[],
  child: readonly Series[],
  step: number | null,
): Series[] {
  return parent.flatMap((p) => {
    const mine = child.find((c) => c.name === p.name);
    const upTo = step ?? mine?.points[0]?.step ?? Number.POSITIVE_INFINITY;
    const points = p.points.filter((x) => x.step <= upTo);
    return points.length ? [{ name: p.name, points, total: points.length }] : [];
  });
}

/** Short and readable for an axis or readout: 0.0123, 1.25, 3,400, 1.2e-7. */
export function formatValue(v: number): string {
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(2);
  if (a >= 1000) return Math.round(v).toLocaleString("en-US");
  return String(Number(v.toPrecision(3)));
}
