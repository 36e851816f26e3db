import { constants } from "node:fs";
import { open } from "node:fs/promises";

const CHUNK_BYTES = 64 * 1024;
// NOFOLLOW: the path was resolved already, a symlink swapped in since then is not followed.
// NONBLOCK: a FIFO swapped in cannot hang the request; the fstat check below then rejects it.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/**
 * Yields exactly `length` bytes of a regular file from `start`. The file is opened on the first
 * pull (a HEAD request that never reads opens nothing) and closed on completion or cancel. A file
 * that shrank while being read fails the stream instead of sending fewer bytes than announced.
 */
export async function* readFileRange(realPath: string, start: number, length: number) {
  const handle = await open(realPath, OPEN_FLAGS);
  try {
    if (!(await handle.stat()).isFile()) throw new Error("artifact is no longer a regular file");
    let position = start;
    let left = length;
    while (left > 0) {
      const buffer = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, left));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) throw new Error("artifact shrank while being read");
      position += bytesRead;
      left -= bytesRead;
      yield new Uint8Array(buffer.buffer, buffer.byteOffset, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

/** Pull-based: the next chunk is produced only when the client took the previous one. */
export function iteratorStream(chunks: AsyncGenerator<Uint8Array>): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}
