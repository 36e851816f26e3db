import type { Dirent } from "node:fs";
import { lstat, readdir, realpath, stat } from "node:fs/promises";
import { join } from "node:path";
import type { ArtifactEntry } from "@tunix-rt/contracts";
import { openHashCache } from "./artifact-hashes.js";
import {
  type ArtifactKind,
  isBookkeeping,
  isInside,
  realRunDir,
  resolveArtifactPath,
} from "./artifact-path.js";

/** A listing entry plus where its bytes really are (never sent to clients). */
export interface WalkEntry {
  path: string;
  name: string;
  type: ArtifactKind;
  size: number;
  mtimeMs: number;
  realPath: string;
}

export const MAX_LISTED_ENTRIES = 50_000;

async function quiet<T>(op: Promise<T>): Promise<T | null> {
  try {
    return await op;
  } catch {
    return null; // vanished or unreadable mid-walk (a trainer is still writing): leave it out
  }
}

/**
 * Everything under `start` (a real directory inside `root`), paths prefixed with `prefix`. Symlinks
 * that resolve inside the run are listed as their target's type; symlinked directories are not
 * descended (no cycles, no duplicates); symlinks leading outside, dangling ones, FIFOs, sockets and
 * devices are left out. Directory sizes are the total of the files listed below them.
 */
export async function walkArtifacts(root: string, start: string, prefix: string, maxEntries: number) {
  const entries: WalkEntry[] = [];
  const dirs = new Map<string, WalkEntry>();
  const stack: Array<{ real: string; rel: string }> = [{ real: start, rel: prefix }];
  let truncated = false;
  while (stack.length > 0 && !truncated) {
    const dir = stack.pop()!;
    const children: Dirent[] = (await quiet(readdir(dir.real, { withFileTypes: true }))) ?? [];
    for (const child of children) {
      if (entries.length >= maxEntries) {
        truncated = true;
        break;
      }
      const abs = join(dir.real, child.name);
      if (isBookkeeping(root, abs)) continue;
      const link = await quiet(lstat(abs));
      if (!link) continue;
      let realPath = abs;
      let stats = link;
      if (link.isSymbolicLink()) {
        const target = await quiet(realpath(abs));
        const targetStats = target && isInside(root, target) ? await quiet(stat(target)) : null;
        if (!target || !targetStats || target === root || isBookkeeping(root, target)) continue;
        realPath = target;
        stats = targetStats;
      }
      if (!stats.isFile() && !stats.isDirectory()) continue;
      const rel = dir.rel ? `${dir.rel}/${child.name}` : child.name;
      const entry: WalkEntry = {
        path: rel,
        name: child.name,
        type: stats.isFile() ? "file" : "dir",
        size: stats.isFile() ? stats.size : 0,
        mtimeMs: stats.mtimeMs,
        realPath,
      };
      entries.push(entry);
      if (entry.type === "dir") {
        dirs.set(rel, entry);
        if (!link.isSymbolicLink()) stack.push({ real: abs, rel });
      }
    }
  }
  for (const e of entries) {
    if (e.type !== "file") continue;
    for (let i = e.path.lastIndexOf("/"); i > 0; i = e.path.lastIndexOf("/", i - 1)) {
      const parent = dirs.get(e.path.slice(0, i));
      if (parent) parent.size += e.size;
    }
  }
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { entries, truncated };
}

function toWire(e: WalkEntry, sha256: string | null): ArtifactEntry {
  return {
    path: e.path,
    name: e.name,
    type: e.type,
    size: e.size,
    modified_at: new Date(e.mtimeMs).toISOString(),
    sha256,
  };
}

export interface ListArtifactsOptions {
  /** Compute missing sha256 values now (slow for big files, cached afterwards). */
  hash?: boolean;
  maxEntries?: number;
}

/**
 * Recursive listing of a run directory, sorted by path. sha256 is filled from the cache when it is
 * still valid, computed when `hash` is set, otherwise null. A run without a directory lists nothing.
 */
export async function listArtifacts(runDir: string, opts: ListArtifactsOptions = {}) {
  const root = await realRunDir(runDir);
  if (!root) return { artifacts: [] as ArtifactEntry[], truncated: false };
  const { entries, truncated } = await walkArtifacts(root, root, "", opts.maxEntries ?? MAX_LISTED_ENTRIES);
  const cache = await openHashCache(root);
  const artifacts: ArtifactEntry[] = [];
  for (const e of entries) {
    const target = { path: e.path, realPath: e.realPath, size: e.size, mtimeMs: e.mtimeMs };
    const sha = e.type !== "file" ? null : opts.hash ? await cache.compute(target) : cache.get(target);
    artifacts.push(toWire(e, sha));
  }
  await cache.save(truncated ? undefined : new Set(entries.map((e) => e.path)));
  return { artifacts, truncated };
}

/** One entry by path; a file's sha256 is computed (and cached) unless `hash` is false. */
export async function statArtifact(runDir: string, userPath: string, opts: { hash?: boolean } = {}) {
  const r = await resolveArtifactPath(runDir, userPath);
  const name = r.path.slice(r.path.lastIndexOf("/") + 1);
  const entry: WalkEntry = { ...r, name, size: r.stats.size, mtimeMs: r.stats.mtimeMs };
  if (r.type === "dir") {
    const { entries } = await walkArtifacts(r.root, r.realPath, r.path, MAX_LISTED_ENTRIES);
    entry.size = entries.reduce((sum, e) => sum + (e.type === "file" ? e.size : 0), 0);
    return toWire(entry, null);
  }
  const cache = await openHashCache(r.root);
  const target = { path: r.path, realPath: r.realPath, size: entry.size, mtimeMs: entry.mtimeMs };
  const sha = opts.hash === false ? cache.get(target) : await cache.compute(target);
  await cache.save();
  return toWire(entry, sha);
}
