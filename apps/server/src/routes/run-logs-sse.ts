import { type LogEvent, TERMINAL_STATUSES } from "@tunix-rt/contracts";
import type { NotifyBus } from "@tunix-rt/db";
import { getRunRow, readLogs, type ServiceDeps } from "@tunix-rt/services";
import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import { newMetricPoints } from "./run-metric-events.js";

const HEARTBEAT_MS = 15_000;

/** A page of `log` events in one write: replaying 100,000 lines one write each is slow. */
async function writeLogEvents(stream: { write(s: string): Promise<unknown> }, lines: LogEvent[]) {
  if (!lines.length) return;
  await stream.write(lines.map((l) => `event: log\nid: ${l.seq}\ndata: ${JSON.stringify(l)}\n\n`).join(""));
}
const PAGE = 1000;

/**
 * Live logs over SSE: replays from Last-Event-ID (or since_seq), then tails. Every `log` event
 * carries `id: <seq>`, so a reconnecting EventSource resumes exactly where it stopped, with no
 * line lost or repeated. Status changes are `status` events; the stream ends after the final one.
 */
export function streamRunLogs(
  c: Context,
  deps: ServiceDeps,
  bus: NotifyBus,
  runId: string,
  fromSeq: number,
  shutdown: AbortSignal,
) {
  return streamSSE(c, async (stream) => {
    let lastSeq = fromSeq;
    let lastStatus: string | null = null;
    let wake: (() => void) | null = null;
    let dirty = true;
    const metricCursor = new Map<string, number>();
    let metricsDirty = false;
    const unsubscribe = bus.subscribe((m) => {
      // "resync": the bus reconnected and may have missed messages; everyone re-reads.
      if (m.run_id !== runId && m.type !== "resync") return;
      if (m.type === "metrics") metricsDirty = true;
      dirty = true;
      wake?.();
    });
    const stop = () => wake?.();
    shutdown.addEventListener("abort", stop);
    stream.onAbort(stop);
    try {
      await stream.writeSSE({
        event: "hello",
        data: JSON.stringify({ run_id: runId, since_seq: lastSeq }),
        retry: 1000,
      } as never);
      while (!stream.aborted && !shutdown.aborted) {
        if (dirty) {
          dirty = false;
          for (;;) {
            const lines = await readLogs(deps, runId, lastSeq, PAGE);
            for (const l of lines)
              await stream.writeSSE({ event: "log", id: String(l.seq), data: JSON.stringify(l) });
            if (lines.length) lastSeq = lines[lines.length - 1]!.seq;
            if (lines.length < PAGE) break;
          }
          if (metricsDirty) {
            metricsDirty = false;
            const points = await newMetricPoints(deps, runId, metricCursor);
            if (points.length) await stream.writeSSE({ event: "metric", data: JSON.stringify({ points }) });
          }
          const run = await getRunRow(deps, runId);
          const terminal = (TERMINAL_STATUSES as readonly string[]).includes(run.status);
          if (terminal) {
            // Every line is stored before the final status is: send them all, then the status.
            for (;;) {
              const rest = await readLogs(deps, runId, lastSeq, PAGE);
              for (const l of rest)
                await stream.writeSSE({ event: "log", id: String(l.seq), data: JSON.stringify(l) });
              if (rest.length) lastSeq = rest[rest.length - 1]!.seq;
              if (rest.length < PAGE) break;
            }
          }
          if (run.status !== lastStatus) {
            lastStatus = run.status;
            await stream.writeSSE({
              event: "status",
              data: JSON.stringify({ status: run.status, exit_code: run.exit_code, error: run.error }),
            });
          }
          if (terminal) break;
          // A notification that came while we were busy: go round again before waiting.
          if (dirty) continue;
        }
        const woke = await new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => resolve(false), HEARTBEAT_MS);
          wake = () => {
            clearTimeout(timer);
            resolve(true);
          };
        });
        wake = null;
        if (!woke && !stream.aborted) {
          await stream.writeSSE({ event: "heartbeat", data: JSON.stringify({ seq: lastSeq }) });
          // Re-read on every heartbeat too, in case a notification was lost (bus reconnecting).
          dirty = true;
        }
      }
    } finally {
      unsubscribe();
      shutdown.removeEventListener("abort", stop);
    }
  });
}
