/**
 * Streams lines as an NDJSON download. Pull-based: the next line is produced only when the client
 * has taken the previous ones, so a slow reader never makes the server buffer an export.
 */
export function ndjsonResponse(
  lines: AsyncIterator<string>,
  filename?: string,
  extraHeaders: Record<string, string> = {},
): Response {
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      // Batch a few lines per chunk: one enqueue per line costs more than the lines themselves.
      let chunk = "";
      while (chunk.length < 64 * 1024) {
        const next = await lines.next();
        if (next.done) {
          if (chunk) controller.enqueue(encoder.encode(chunk));
          controller.close();
          return;
        }
        chunk += next.value;
      }
      controller.enqueue(encoder.encode(chunk));
    },
    async cancel() {
      await lines.return?.(undefined);
    },
  });
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
