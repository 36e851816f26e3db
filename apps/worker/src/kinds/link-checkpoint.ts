import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";

/** Hard links (a copy across file systems) of every file under `from`, into `to`. */
function linkTree(from: string, to: string) {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const src = join(from, entry.name);
    const dst = join(to, entry.name);
    if (entry.isDirectory()) linkTree(src, dst);
    else if (entry.isFile()) {
      try {
        linkSync(src, dst);
      } catch {
        copyFileSync(src, dst);
      }
    }
  }
}

/**
 * Gives an evaluation its own copy of a checkpoint folder: hard links, so it costs no space while
 * the trainer keeps its copy and survives the trainer deleting old checkpoints. Built beside the
 * target and renamed into place, so a half-made copy is never taken for a checkpoint.
 */
export function linkCheckpoint(from: string, to: string): void {
  if (existsSync(to)) return;
  const partial = `${to}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(dirname(to), { recursive: true });
  linkTree(from, partial);
  renameSync(partial, to);
}
