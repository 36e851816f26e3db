import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { copyFile, link, mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";

export interface ContentSummary {
  sha256: string;
  sizeBytes: number;
  files: string[];
}

/** Every regular file below `root`, as sorted relative POSIX paths (symlinks are not followed). */
async function listFiles(root: string, dir = root): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listFiles(root, full)));
    else if (e.isFile()) out.push(relative(root, full).split(sep).join("/"));
  }
  return out.sort();
}

/**
 * sha256 over the files of a directory: for each file in path order, its relative POSIX path, a
 * NUL, its length, a NUL, then its bytes. Equal content under equal names, equal hash, wherever the
 * directory sits; streamed, so a checkpoint of any size hashes in constant memory.
 */
export async function hashDirectory(root: string): Promise<ContentSummary> {
  const files = await listFiles(root);
  const h = createHash("sha256");
  let sizeBytes = 0;
  for (const f of files) {
    const full = join(root, f);
    const { size } = await stat(full);
    h.update(`${f}\0${size}\0`);
    for await (const chunk of createReadStream(full)) h.update(chunk as Buffer);
    sizeBytes += size;
  }
  return { sha256: h.digest("hex"), sizeBytes, files };
}

/** Where a version's content lives: `<data>/models/<sha256>`. */
export const contentDir = (dataDir: string, sha256: string) => join(dataDir, "models", sha256);

/**
 * Puts a checkpoint's files into the content store, hard-linked where the file system allows (no
 * second copy on disk, and deleting the run's checkpoint later leaves these links), copied where it
 * does not. Assembled in a temporary folder and renamed into place, so a crash leaves no half store.
 */
export async function storeContent(
  dataDir: string,
  source: string,
  content: ContentSummary,
): Promise<string> {
  const target = contentDir(dataDir, content.sha256);
  if (await stat(target).catch(() => null)) return target;
  const tmp = `${target}.tmp-${process.pid}-${Date.now()}`;
  try {
    for (const f of content.files) {
      const to = join(tmp, f);
      await mkdir(dirname(to), { recursive: true });
      await link(join(source, f), to).catch(() => copyFile(join(source, f), to));
    }
    await mkdir(tmp, { recursive: true });
    await rename(tmp, target).catch(async (err) => {
      // Another promotion of the same content won the race: theirs is identical.
      if (!(await stat(target).catch(() => null))) throw err;
    });
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  return target;
}
