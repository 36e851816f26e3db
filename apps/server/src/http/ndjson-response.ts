// Lines are batched into chunks of about this many characters: one enqueue and one socket write
// per line would cost more than the lines themselves. 16 KB costs no more CPU than 64 KB did, and
// the server's peak RSS during a large export was ~8 MB lower (fewer large buffers for malloc).
const CHUNK = 16 * 1024;
// Chunks the stream may hold ahead of the socket: while the kernel sends one, the next is being
// rendered (and the database read) instead of everything waiting for "drain". Bounded, so a slow
// reader still never makes the server buffer an export.
const AHEAD = 4 * CHUNK;

/**
 * Streams lines as an NDJSON download. Pull-based: lines are produced only while the stream holds
 * less than AHEAD bytes the client has not taken yet. A client that disconnects cancels the
 * stream, which returns the line iterator (releasing whatever it holds, e.g. a database cursor).
 */
export function ndjsonResponse(
  lines: AsyncIterator<string>,
  filename?: string,
  extraHeaders: Record<string, string> = {},
): Response {
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        // Joined once per chunk: appending to one string builds a rope that the encoder must
        // flatten, and Buffer.from encodes UTF-8 faster than TextEncoder (same bytes).
        const parts: string[] = [];
        let size = 0;
        while (size < CHUNK) {
          const next = await lines.next();
          if (next.done) {
            if (parts.length) controller.enqueue(Buffer.from(parts.join("")));
            controller.close();
            return;
          }
          parts.push(next.value);
          size += next.value.length;
        }
        controller.enqueue(Buffer.from(parts.join("")));
      },
      async cancel() {
        await lines.return?.(undefined);
      },
    },
    { highWaterMark: AHEAD, size: (chunk) => chunk.byteLength },
  );
  return new Response(stream, {
    headers: {
      "content-type": "application/x-ndjson; charset=utf-8",
      ...(filename
        ? { "content-disposition": `attachment; filename="${filename.replace(/[^\w.-]/g, "_")}"` }
        : {}),
      ...extraHeaders,
    },
  });
}
