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

/** About `count` round tick values covering [min, max]. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min === max) return [min];
  const raw = (max - min) / Math.max(1, count - 1);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  const step = (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * mag;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) {
    ticks.push(Number(v.toPrecision(12)));
  }
  return ticks;
}

/** Round ticks for a log axis over [min, max] (both > 0): decades, with 2 and 5 in a narrow range. */
export function logTicks(min: number, max: number): number[] {
  if (!(min > 0) || !(max > 0)) return [];
  const k0 = Math.floor(Math.log10(min));
  const k1 = Math.ceil(Math.log10(max));
  const steps = k1 - k0 <= 2 ? [1, 2, 5] : [1];
  const ticks: number[] = [];
  for (let k = k0; k <= k1; k++)
    for (const m of steps) {
      const v = Number((m * 10 ** k).toPrecision(12));
      if (v >= min && v <= max) ticks.push(v);
    }
  return ticks;
}

/** Short and readable for an axis or readout: 0.0123, 1.25, 3,400, 1.2e-7. */
export function formatValue(v: number): string {
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(2);
  if (a >= 1000) return Math.round(v).toLocaleString("en-US");
  return String(Number(v.toPrecision(3)));
}
