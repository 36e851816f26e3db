import { z } from "zod";

/** RFC 9457 problem document: every 4xx/5xx response body. */
export const ProblemFieldError = z.object({
  /** JSON pointer-ish path of the offending field, e.g. "steps/0/content" or "query/limit". */
  field: z.string(),
  message: z.string(),
});
export type ProblemFieldError = z.infer<typeof ProblemFieldError>;

export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  instance: z.string().optional(),
  request_id: z.string().optional(),
  errors: z.array(ProblemFieldError).optional(),
});
export type Problem = z.infer<typeof Problem>;

export const Uuid = z.string().uuid();

/** Keyset pagination envelope shared by every growing list. */
export const PageInfo = z.object({
  limit: z.number().int(),
  next_cursor: z.string().nullable(),
});
export type PageInfo = z.infer<typeof PageInfo>;

/** `healthy` (200) while the database answers; `unhealthy` (503) when it does not. */
export const HealthResponse = z.object({
  status: z.enum(["healthy", "unhealthy"]),
  database: z.object({
    status: z.enum(["ok", "down"]),
    latency_ms: z.number(),
    error: z.string().optional(),
  }),
});
export type HealthResponse = z.infer<typeof HealthResponse>;

export const RediHealthResponse = z.object({
  status: z.enum(["healthy", "down"]),
  error: z.string().optional(),
});
export type RediHealthResponse = z.infer<typeof RediHealthResponse>;
