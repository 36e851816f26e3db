import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readFile, realpath, rm, symlink, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HASH_CACHE_FILE } from "./artifact-path.js";
import { listArtifacts, statArtifact } from "./list-artifacts.js";

let base: string;
let run: string;
const sha = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");
const big = Buffer.alloc(300_000, 7);

beforeAll(async () => {
  base = await realpath(await mkdtemp(join(tmpdir(), "list-artifacts-")));
  run = join(base, "run_abc");
  await mkdir(join(run, "checkpoints", "100", "state"), { recursive: true });
  await mkdir(join(run, "data"), { recursive: true });
  await mkdir(join(run, "empty"));
  await writeFile(join(run, "run.json"), '{"seed":1}');
  await writeFile(join(run, "data", "train.jsonl"), "a\nb\n");
  await writeFile(join(run, "checkpoints", "100", "state", "array.msgpack"), big);
  await writeFile(join(run, "checkpoints", "100", "meta.json"), "{}");
  await writeFile(join(base, "secret.txt"), "outside");
  await symlink("../secret.txt", join(run, "to-secret"));
  await symlink("/etc", join(run, "to-etc"));
  await symlink("run.json", join(run, "config-link"));
  await symlink("checkpoints/100", join(run, "latest"));
});
afterAll(() => rm(base, { recursive: true, force: true }));

describe("listArtifacts", () => {
  it("lists recursively, sorted by path, with sizes; dirs total their files", async () => {
    const { artifacts, truncated } = await listArtifacts(run);
    expect(truncated).toBe(false);
    expect(artifacts.map((a) => `${a.type}:${a.path}:${a.size}`)).toEqual([
      `dir:checkpoints:${big.length + 2}`,
      `dir:checkpoints/100:${big.length + 2}`,
      "file:checkpoints/100/meta.json:2",
      `dir:checkpoints/100/state:${big.length}`,
      `file:checkpoints/100/state/array.msgpack:${big.length}`,
      "file:config-link:10",
      "dir:data:4",
      "file:data/train.jsonl:4",
      "dir:empty:0",
      "dir:latest:0",
      "file:run.json:10",
    ]);
    const train = artifacts.find((a) => a.path === "data/train.jsonl")!;
    expect(train).toMatchObject({ name: "train.jsonl", sha256: null });
    expect(new Date(train.modified_at).toISOString()).toBe(train.modified_at);
  });

  it("computes sha256 lazily, caches it in a hidden file, and keeps it out of the listing", async () => {
    const { artifacts } = await listArtifacts(run, { hash: true });
    const byPath = Object.fromEntries(artifacts.map((a) => [a.path, a.sha256]));
    expect(byPath["checkpoints/100/state/array.msgpack"]).toBe(sha(big));
    expect(byPath["run.json"]).toBe(sha('{"seed":1}'));
    expect(byPath.checkpoints).toBeNull();
    const cache = JSON.parse(await readFile(join(run, HASH_CACHE_FILE), "utf8"));
    expect(cache.files["run.json"].sha256).toBe(sha('{"seed":1}'));
    // Cached values come back without asking for hashes again; the cache file itself is never listed.
    const again = await listArtifacts(run);
    expect(again.artifacts.find((a) => a.path === "run.json")?.sha256).toBe(sha('{"seed":1}'));
    expect(again.artifacts.some((a) => a.path.startsWith(".artifact"))).toBe(false);
  });

  it("invalidates a cached hash when the file's size or mtime changes", async () => {
    await listArtifacts(run, { hash: true });
    const file = join(run, "data", "train.jsonl");
    await writeFile(file, "a\nc\n"); // same size, new content
    await utimes(file, new Date(), new Date(Date.now() + 5_000));
    const stale = await listArtifacts(run);
    expect(stale.artifacts.find((a) => a.path === "data/train.jsonl")?.sha256).toBeNull();
    const fresh = await listArtifacts(run, { hash: true });
    expect(fresh.artifacts.find((a) => a.path === "data/train.jsonl")?.sha256).toBe(sha("a\nc\n"));
  });

  it("drops cache entries of deleted files", async () => {
    await writeFile(join(run, "tmp.txt"), "x");
    await listArtifacts(run, { hash: true });
    await rm(join(run, "tmp.txt"));
    await listArtifacts(run);
    const cache = JSON.parse(await readFile(join(run, HASH_CACHE_FILE), "utf8"));
    expect(cache.files["tmp.txt"]).toBeUndefined();
  });

  it("survives a corrupt cache file", async () => {
    await writeFile(join(run, HASH_CACHE_FILE), "{not json");
    const { artifacts } = await listArtifacts(run, { hash: true });
    expect(artifacts.find((a) => a.path === "run.json")?.sha256).toBe(sha('{"seed":1}'));
  });

  it("truncates past maxEntries and says so", async () => {
    const { artifacts, truncated } = await listArtifacts(run, { maxEntries: 3 });
    expect(truncated).toBe(true);
    expect(artifacts).toHaveLength(3);
  });

  it("lists nothing for a run whose directory does not exist yet", async () => {
    expect(await listArtifacts(join(base, "pending-run"))).toEqual({ artifacts: [], truncated: false });
  });
});

describe("statArtifact", () => {
  it("returns one entry with its sha256 computed", async () => {
    const entry = await statArtifact(run, "checkpoints/100/meta.json");
    expect(entry).toMatchObject({
      path: "checkpoints/100/meta.json",
      name: "meta.json",
      size: 2,
      sha256: sha("{}"),
    });
    const dir = await statArtifact(run, "checkpoints/100");
    expect(dir).toMatchObject({ type: "dir", size: big.length + 2, sha256: null });
  });
});
