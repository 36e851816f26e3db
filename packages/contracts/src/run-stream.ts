import { z } from "zod";
import { RUN_STATUSES } from "./run-status.js";

// The live stream of one run (`GET /api/tunix/runs/{id}/logs`, Server-Sent Events). Its own module
// so the client (and through it the web bundle) takes these few schemas and not every contract.

export const LogEvent = z.object({
  seq: z.number().int(),
  stream: z.enum(["stdout", "stderr"]),
  line: z.string(),
  t: z.string(),
});
export type LogEvent = z.infer<typeof LogEvent>;

export const RunStreamStatus = z.object({
  status: z.enum(RUN_STATUSES),
  exit_code: z.number().int().nullable(),
  error: z.string().nullable(),
});
export type RunStreamStatus = z.infer<typeof RunStreamStatus>;

export const RunStreamMetricPoint = z.object({ name: z.string(), step: z.number(), value: z.number() });
export type RunStreamMetricPoint = z.infer<typeof RunStreamMetricPoint>;

/**
 * One SSE event: `hello` first, then `log` lines (each with `id: <seq>`, so a reconnect resumes
 * with Last-Event-ID), `metric` points, `status` changes and `heartbeat`s; the stream ends after
 * the final status.
 */
export const RunStreamEvent = z.discriminatedUnion("event", [
  z.object({
    event: z.literal("hello"),
    data: z.object({ run_id: z.string(), since_seq: z.number().int() }),
  }),
  z.object({ event: z.literal("log"), data: LogEvent }),
  z.object({ event: z.literal("metric"), data: z.object({ points: z.array(RunStreamMetricPoint) }) }),
  z.object({ event: z.literal("status"), data: RunStreamStatus }),
  z.object({ event: z.literal("heartbeat"), data: z.object({ seq: z.number().int() }) }),
]);
export type RunStreamEvent = z.infer<typeof RunStreamEvent>;
export type RunStreamEventName = RunStreamEvent["event"];
