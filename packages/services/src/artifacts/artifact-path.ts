import type { Stats } from "node:fs";
import { lstat, realpath, stat } from "node:fs/promises";
import { join, sep } from "node:path";
import { AppError } from "../app-error.js";

/** The lazily filled sha256 cache; bookkeeping, never listed or served. */
export const HASH_CACHE_FILE = ".artifact-hashes.json";
const MAX_PATH_CHARS = 4096;
const MAX_SEGMENT_BYTES = 255;

export type ArtifactKind = "file" | "dir";

export interface ResolvedArtifact {
  /** Normalized POSIX path relative to the run directory, as the listing spells it. */
  path: string;
  /** Fully resolved path (no symlinks left), inside `root`. */
  realPath: string;
  /** realpath of the run directory. */
  root: string;
  type: ArtifactKind;
  stats: Stats;
}

/** Separator-aware containment: "/out/run_abc2" is NOT inside "/out/run_abc" (the seed's bug). */
export function isInside(root: string, p: string): boolean {
  return p === root || p.startsWith(root.endsWith(sep) ? root : root + sep);
}

export function isBookkeeping(root: string, realPath: string): boolean {
  const cache = join(root, HASH_CACHE_FILE);
  return realPath === cache || realPath.startsWith(`${cache}.`);
}

function refuse(why: string): AppError {
  return new AppError("bad_request", `Artifact path refused: ${why}`);
}

function missing(path: string): AppError {
  return new AppError("not_found", `Artifact not found: ${path}`);
}

/** Decodes a URL path component exactly once; anything still encoded afterwards is refused later. */
export function decodeArtifactPath(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw refuse("malformed percent-encoding or invalid UTF-8");
  }
}

function hasControlChar(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

/**
 * Syntax check of a decoded relative path; returns its segments. Rejects rather than normalizes:
 * a request that needs normalizing is not one a legitimate client sends.
 */
export function validateArtifactPath(path: string): string[] {
  if (path.length === 0) throw refuse("the path is empty");
  if (path.length > MAX_PATH_CHARS) throw refuse(`the path is longer than ${MAX_PATH_CHARS} characters`);
  if (hasControlChar(path)) throw refuse("control characters (NUL included) are not allowed");
  if (path.includes("\\")) throw refuse("backslashes are not allowed");
  if (path.startsWith("/")) throw refuse("absolute paths are not allowed");
  if (/^[A-Za-z]:/.test(path)) throw refuse("drive letters are not allowed");
  // One decode is all we do, so a surviving %XX means double encoding (%252e -> %2e).
  if (/%[0-9A-Fa-f]{2}/.test(path)) throw refuse("the path is still percent-encoded after decoding once");
  const segments = path.split("/");
  for (const seg of segments) {
    if (seg === "") throw refuse("empty segments (doubled or trailing slashes) are not allowed");
    if (seg === "." || seg === "..") throw refuse("'.' and '..' segments are not allowed");
    // Look-alikes (fullwidth dots and solidus, one/two-dot leaders) must not turn into traversal anywhere.
    const folded = seg.normalize("NFKC");
    if (folded === "." || folded === ".." || /[/\\]/.test(folded)) {
      throw refuse("look-alike dot or slash characters are not allowed");
    }
    if (Buffer.byteLength(seg) > MAX_SEGMENT_BYTES) throw refuse("a segment is longer than 255 bytes");
  }
  return segments;
}

async function fsOrNull<T>(op: Promise<T>): Promise<T | null> {
  try {
    return await op;
  } catch (err) {
    // Any fs failure (ENOENT, ENOTDIR, EACCES, ELOOP, ...) means "not servable", never a 500.
    if (err && typeof err === "object" && "code" in err) return null;
    throw err;
  }
}

/** realpath of the run directory, or null when the run has not created it yet. */
export async function realRunDir(runDir: string): Promise<string | null> {
  const real = await fsOrNull(realpath(runDir));
  if (!real) return null;
  const st = await fsOrNull(stat(real));
  return st?.isDirectory() ? real : null;
}

/**
 * Maps a decoded user path to a file or directory inside the run directory. Symlinks are resolved
 * one component at a time, so one that leads outside is refused even when its target is missing
 * (no existence oracle for files outside).
 */
export async function resolveArtifactPath(runDir: string, userPath: string): Promise<ResolvedArtifact> {
  const segments = validateArtifactPath(userPath);
  const path = segments.join("/");
  const root = await realRunDir(runDir);
  if (!root) throw missing(path);
  let current = root;
  for (const seg of segments) {
    const next = join(current, seg);
    const link = await fsOrNull(lstat(next));
    if (!link) throw missing(path);
    if (link.isSymbolicLink()) {
      const target = await fsOrNull(realpath(next));
      if (!target) throw missing(path);
      if (!isInside(root, target)) throw refuse("it leads outside the run directory");
      current = target;
    } else {
      current = next;
    }
  }
  // Belt and braces: the final real path must still be strictly inside the run directory.
  const realPath = await fsOrNull(realpath(current));
  if (!realPath) throw missing(path);
  if (!isInside(root, realPath) || realPath === root)
    throw refuse("it does not name an entry inside the run");
  if (isBookkeeping(root, realPath)) throw missing(path);
  const stats = await fsOrNull(stat(realPath));
  if (!stats) throw missing(path);
  if (!stats.isFile() && !stats.isDirectory()) throw missing(path);
  return { path, realPath, root, type: stats.isFile() ? "file" : "dir", stats };
}
