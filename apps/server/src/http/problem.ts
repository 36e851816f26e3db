import type { Problem, ProblemFieldError } from "@tunix-rt/contracts";
import { AppError, type AppErrorCode } from "@tunix-rt/services";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { Logger } from "pino";
import type { AppEnv } from "../app-context.js";

const STATUS: Record<AppErrorCode, number> = {
  bad_request: 400,
  validation: 422,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unavailable: 503,
};

const TITLES: Record<number, string> = {
  400: "Bad Request",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

export function problemBody(
  c: Context<AppEnv>,
  status: number,
  code: string,
  detail: string,
  errors?: ProblemFieldError[],
): Problem {
  return {
    type: `urn:tunix-rt:problem:${code}`,
    title: TITLES[status] ?? "Error",
    status,
    detail,
    instance: c.req.path,
    request_id: c.get("requestId"),
    ...(errors?.length ? { errors } : {}),
  };
}

export function problemResponse(
  c: Context<AppEnv>,
  status: number,
  code: string,
  detail: string,
  errors?: ProblemFieldError[],
) {
  return new Response(JSON.stringify(problemBody(c, status, code, detail, errors)), {
    status,
    headers: { "content-type": "application/problem+json" },
  });
}

/** The one place that turns thrown errors into RFC 9457 problem responses. */
export function createErrorHandler(logger: Logger) {
  return (err: Error, c: Context<AppEnv>) => {
    if (err instanceof AppError) {
      return problemResponse(c, STATUS[err.code], err.code, err.message, err.details?.errors);
    }
    if (err instanceof HTTPException) {
      const status = err.status;
      const code = status === 413 ? "payload_too_large" : status === 400 ? "bad_request" : "http_error";
      return problemResponse(c, status, code, err.message || TITLES[status] || "Error");
    }
    logger.error({ err, path: c.req.path, requestId: c.get("requestId") }, "unhandled error");
    return problemResponse(c, 500, "internal", "An unexpected error occurred; the server logged the details");
  };
}
