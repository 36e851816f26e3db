import { AppError, zodFieldErrors } from "@tunix-rt/services";
import type { Context } from "hono";
import type { z } from "zod";

/** Validates the query string against a contract schema; field errors are named "query/<name>". */
export function parseQuery<S extends z.ZodType>(c: Context, schema: S): z.infer<S> {
  const parsed = schema.safeParse(c.req.query());
  if (!parsed.success) {
    throw new AppError("validation", "Invalid query parameters", {
      errors: zodFieldErrors(parsed.error.issues, "query"),
    });
  }
  return parsed.data;
}
