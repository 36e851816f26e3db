import { AppError } from "@tunix-rt/services";

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

/** Reads and parses a JSON body within a byte limit: 413 when too large, 400 when malformed. */
export async function readJsonBody(req: Request, maxBytes: number): Promise<unknown> {
  const type = req.headers.get("content-type");
  if (type && !/^application\/([\w.+-]*\+)?json\b/i.test(type)) {
    throw new AppError("unsupported_media_type", `Expected application/json, got ${type}`);
  }
  const parts: Uint8Array[] = [];
  for await (const chunk of limitedBody(req, maxBytes)) parts.push(chunk);
  const text = Buffer.concat(parts).toString("utf8");
  if (text.trim() === "") throw new AppError("bad_request", "Request body is empty; expected JSON");
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new AppError("bad_request", `Malformed JSON in request body: ${(err as Error).message}`);
  }
}
