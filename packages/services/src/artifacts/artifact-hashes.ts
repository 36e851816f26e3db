import { createHash, randomBytes } from "node:crypto";
import { readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { HASH_CACHE_FILE } from "./artifact-path.js";
import { readFileRange } from "./byte-stream.js";

interface CachedHash {
  size: number;
  mtime_ms: number;
  sha256: string;
}

/** What a hash is computed for: the listing's path plus the stats it was taken with. */
export interface HashTarget {
  path: string;
  realPath: string;
  size: number;
  mtimeMs: number;
}

// Two requests hashing the same multi-GB file share one read instead of racing two.
const inFlight = new Map<string, Promise<string | null>>();

async function readCache(root: string): Promise<Record<string, CachedHash>> {
  try {
    const parsed = JSON.parse(await readFile(join(root, HASH_CACHE_FILE), "utf8"));
    const files = parsed?.version === 1 ? parsed.files : null;
    return files && typeof files === "object" ? files : {};
  } catch {
    return {}; // missing or corrupt: start over, it is only a cache
  }
}

/** sha256 of a file's current content, or null if it changed while being read (still being written). */
export async function sha256File(target: HashTarget): Promise<string | null> {
  const key = `${target.realPath}\0${target.size}\0${target.mtimeMs}`;
  const running = inFlight.get(key);
  if (running) return running;
  const work = (async () => {
    try {
      const hash = createHash("sha256");
      for await (const chunk of readFileRange(target.realPath, 0, target.size)) hash.update(chunk);
      const after = await stat(target.realPath);
      return after.size === target.size && after.mtimeMs === target.mtimeMs ? hash.digest("hex") : null;
    } catch {
      return null;
    }
  })();
  inFlight.set(key, work);
  try {
    return await work;
  } finally {
    inFlight.delete(key);
  }
}

/**
 * The per-run cache `<runDir>/.artifact-hashes.json`, keyed by path and valid only while size and
 * mtime match. Saving merges with what is on disk (another request may have added entries) and
 * replaces the file atomically; a read-only run directory just means nothing is cached.
 */
export async function openHashCache(root: string) {
  const files = await readCache(root);
  const updates = new Map<string, CachedHash>();
  return {
    get(t: HashTarget): string | null {
      const hit = updates.get(t.path) ?? (Object.hasOwn(files, t.path) ? files[t.path] : undefined);
      return hit && hit.size === t.size && hit.mtime_ms === t.mtimeMs ? hit.sha256 : null;
    },
    async compute(t: HashTarget): Promise<string | null> {
      const cached = this.get(t);
      if (cached) return cached;
      const sha256 = await sha256File(t);
      if (sha256) updates.set(t.path, { size: t.size, mtime_ms: t.mtimeMs, sha256 });
      return sha256;
    },
    /** Writes new hashes; `keep` (every path of a complete listing) also drops entries of deleted files. */
    async save(keep?: Set<string>): Promise<void> {
      const stale = keep ? Object.keys(files).some((p) => !keep.has(p)) : false;
      if (updates.size === 0 && !stale) return;
      const merged = { ...(await readCache(root)), ...Object.fromEntries(updates) };
      if (keep) for (const p of Object.keys(merged)) if (!keep.has(p)) delete merged[p];
      const file = join(root, HASH_CACHE_FILE);
      const tmp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
      try {
        await writeFile(tmp, JSON.stringify({ version: 1, files: merged }));
        await rename(tmp, file);
      } catch {
        await rm(tmp, { force: true }).catch(() => {});
      }
    },
  };
}
