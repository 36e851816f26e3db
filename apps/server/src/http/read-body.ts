import { AppError, zodFieldErrors } from "@tunix-rt/services";
import type { z } from "zod";

/** The request body as a byte stream that throws payload_too_large once `maxBytes` are exceeded. */
export async function* limitedBody(req: Request, maxBytes: number): AsyncGenerator<Uint8Array> {
  const declared = Number(req.headers.get("content-length") ?? "NaN");
  if (declared > maxBytes) throw tooLarge(maxBytes);
  if (!req.body) return;
  let total = 0;
  for await (const chunk of req.body as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.length;
    // Counted on the bytes actually read, so chunked bodies without Content-Length are limited too.
    if (total > maxBytes) throw tooLarge(maxBytes);
    yield chunk;
  }
}

function tooLarge(max: number) {
  return new AppError("payload_too_large", `Payload size exceeds maximum of ${max} bytes`);
}

/**
 * Reads and parses a JSON body within a byte limit: 413 when too large, 400 when malformed. An
 * empty body is a 400 unless `whenEmpty` gives the value it stands for.
 */
export async function readJsonBody(
  req: Request,
  maxBytes: number,
  options: { whenEmpty?: unknown } = {},
): Promise<unknown> {
  const type = req.headers.get("content-type");
  if (type && !/^application\/([\w.+-]*\+)?json\b/i.test(type)) {
    throw new AppError("unsupported_media_type", `Expected application/json, got ${type}`);
  }
  const parts: Uint8Array[] = [];
  for await (const chunk of limitedBody(req, maxBytes)) parts.push(chunk);
  const text = Buffer.concat(parts).toString("utf8");
  if (text.trim() === "") {
    if ("whenEmpty" in options) return options.whenEmpty;
    throw new AppError("bad_request", "Request body is empty; expected JSON");
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new AppError("bad_request", `Malformed JSON in request body: ${(err as Error).message}`);
  }
}

/**
 * A JSON body checked against its contract schema: the parsed value, or 422 naming every invalid
 * field ("Invalid <what>"). Services receive only parsed input.
 */
export async function parseJsonBody<S extends z.ZodType>(
  req: Request,
  schema: S,
  what: string,
  maxBytes: number,
  options: { whenEmpty?: unknown } = {},
): Promise<z.infer<S>> {
  const parsed = schema.safeParse(await readJsonBody(req, maxBytes, options));
  if (!parsed.success)
    throw new AppError("validation", `Invalid ${what}`, { errors: zodFieldErrors(parsed.error.issues) });
  return parsed.data;
}
