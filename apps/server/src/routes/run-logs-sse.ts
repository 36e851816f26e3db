import type { RunStreamEvent } from "@tunix-rt/contracts";
import {
  getRunState,
  isTerminal,
  newMetricPoints,
  type RunEventBus,
  readLogs,
  type ServiceDeps,
} from "@tunix-rt/services";
import type { Context } from "hono";
import { streamSSE } from "hono/streaming";

const HEARTBEAT_MS = 15_000;
const PAGE = 1000;
/** How long a client waits before reconnecting on its own (EventSource's `retry:`). */
const RETRY_MS = 1000;

/** One event in the text/event-stream format; `log` events carry their seq as the event id. */
function frame(ev: RunStreamEvent, retryMs?: number): string {
  const id = ev.event === "log" ? `id: ${ev.data.seq}\n` : "";
  const retry = retryMs === undefined ? "" : `retry: ${retryMs}\n`;
  return `event: ${ev.event}\n${id}${retry}data: ${JSON.stringify(ev.data)}\n\n`;
}

/**
 * Live logs over SSE: replays from Last-Event-ID (or since_seq), then tails. Every `log` event
 * carries `id: <seq>`, so a reconnecting client resumes exactly where it stopped, with no line
 * lost or repeated. Status changes are `status` events; the stream ends after the final one.
 * Run events say what changed, so a wake-up reads only that: new lines, new points, or the status.
 */
export function streamRunLogs(
  c: Context,
  deps: ServiceDeps & { bus: RunEventBus },
  runId: string,
  fromSeq: number,
  shutdown: AbortSignal,
) {
  return streamSSE(c, async (stream) => {
    let lastSeq = fromSeq;
    let lastStatus: string | null = null;
    let wake: (() => void) | null = null;
    // What to read on the next round; everything at the start, after a resync and on heartbeats.
    let logsDirty = true;
    let statusDirty = true;
    let metricsDirty = false;
    const metricCursor = new Map<string, number>();
    const unsubscribe = deps.bus.subscribe((m) => {
      if (m.type === "resync") {
        // The bus reconnected and may have missed messages: re-read everything.
        logsDirty = statusDirty = metricsDirty = true;
      } else if (m.run_id !== runId) return;
      else if (m.type === "logs") logsDirty = true;
      else if (m.type === "metrics") metricsDirty = true;
      else if (m.type === "status") statusDirty = true;
      else return;
      wake?.();
    });
    const send = (ev: RunStreamEvent) => stream.write(frame(ev));
    // One write per page: replaying 100,000 lines one write each is slow.
    const sendLogs = async () => {
      for (;;) {
        const lines = await readLogs(deps, runId, lastSeq, PAGE);
        if (lines.length) {
          await stream.write(lines.map((l) => frame({ event: "log", data: l })).join(""));
          lastSeq = lines[lines.length - 1]!.seq;
        }
        if (lines.length < PAGE) return;
      }
    };
    const stop = () => wake?.();
    shutdown.addEventListener("abort", stop);
    stream.onAbort(stop);
    try {
      await stream.write(frame({ event: "hello", data: { run_id: runId, since_seq: lastSeq } }, RETRY_MS));
      while (!stream.aborted && !shutdown.aborted) {
        if (logsDirty || statusDirty || metricsDirty) {
          const readStatus = statusDirty;
          if (logsDirty) {
            logsDirty = false;
            await sendLogs();
          }
          if (metricsDirty) {
            metricsDirty = false;
            const points = await newMetricPoints(deps, runId, metricCursor);
            if (points.length) await send({ event: "metric", data: { points } });
          }
          if (readStatus) {
            statusDirty = false;
            const run = await getRunState(deps, runId);
            // Every line is stored before the final status is: send them all, then the status.
            if (isTerminal(run.status)) await sendLogs();
            if (run.status !== lastStatus) {
              lastStatus = run.status;
              await send({
                event: "status",
                data: { status: run.status, exit_code: run.exit_code, error: run.error },
              });
            }
            if (isTerminal(run.status)) break;
          }
          // A notification that came while we were busy: go round again before waiting.
          if (logsDirty || statusDirty || metricsDirty) continue;
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
          await send({ event: "heartbeat", data: { seq: lastSeq } });
          // Re-read on every heartbeat too, in case a notification was lost.
          logsDirty = statusDirty = true;
        }
      }
    } finally {
      unsubscribe();
      shutdown.removeEventListener("abort", stop);
    }
  });
}
