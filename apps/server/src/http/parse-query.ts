import { AppError, zodFieldErrors } from "@tunix-rt/services";
import type { Context } from "hono";
import type { z } from "zod";

/** Validates the query string against a contract schema; field errors are named "query/<name>". */
export function parseQuery<S extends z.ZodType>(c: Context, schema: S): z.infer<S> {
  // `?min_score=` means "no filter", not zero: empty values are dropped before validation.
  const query = Object.fromEntries(Object.entries(c.req.query()).filter(([, v]) => v !== ""));
  const parsed = schema.safeParse(query);
  if (!parsed.success) {
    throw new AppError("validation", "Invalid query parameters", {
      errors: zodFieldErrors(parsed.error.issues, "query"),
    });
  }
  return parsed.data;
}
