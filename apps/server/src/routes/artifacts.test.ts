import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createArtifactFixture, TRAIN, artifactUrl as url, weights } from "./artifacts-fixture.js";

let f: Awaited<ReturnType<typeof createArtifactFixture>>;
beforeAll(async () => {
  f = await createArtifactFixture();
});
afterAll(() => f.close());

const get = (path: string, headers: Record<string, string> = {}) => f.app.request(path, { headers });
const bytes = async (res: Response) => Buffer.from(await res.arrayBuffer());
const sha = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");

describe("listing", () => {
  it("lists recursively in the seed's envelope, leaving out what leads outside", async () => {
    const res = await get("/api/tunix/runs/run_abc/artifacts");
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.run_id).toBe("run_abc");
    const paths = body.artifacts.map((a: { path: string }) => a.path);
    expect(paths).toContain("checkpoints/100/state/array.msgpack");
    expect(paths).toContain("latest");
    for (const hidden of ["link-etc", "link-root", "link-sibling", "link-secret", "link-up", "fifo"]) {
      expect(paths).not.toContain(hidden);
    }
    expect(paths).toEqual([...paths].sort());
    const model = body.artifacts.find((a: { path: string }) => a.path === "model/model.safetensors");
    expect(model).toMatchObject({
      name: "model.safetensors",
      size: weights.length,
      type: "file",
      sha256: null,
    });
    expect(JSON.stringify(body)).not.toContain(f.base);
  });

  it("computes sha256 on ?hash=true and per file on /meta", async () => {
    const body = await (await get("/api/tunix/runs/run_abc/artifacts?hash=true")).json();
    const model = body.artifacts.find((a: { path: string }) => a.path === "model/model.safetensors");
    expect(model.sha256).toBe(sha(weights));
    const meta = await get(url("data/train.jsonl", "meta"));
    expect(await meta.json()).toMatchObject({ path: "data/train.jsonl", sha256: sha(TRAIN) });
    expect((await get("/api/tunix/runs/run_abc/artifacts?hash=maybe")).status).toBe(422);
  });

  it("answers 404 problems for unknown runs and an empty list for a run without a directory", async () => {
    const res = await get("/api/tunix/runs/nope/artifacts");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(await (await get("/api/tunix/runs/run_pending/artifacts")).json()).toMatchObject({
      artifacts: [],
    });
  });

  it("is documented in the OpenAPI document", async () => {
    const doc = await (await get("/api/openapi.json")).json();
    expect(Object.keys(doc.paths)).toContain("/api/tunix/runs/{id}/artifacts/{path}/download");
  });
});

describe("file downloads", () => {
  it.each([
    ["run.json", "application/json"],
    ["metrics.jsonl", "application/x-ndjson"],
    ["logs/stdout.log", "text/plain; charset=utf-8"],
    ["notes.txt", "text/plain; charset=utf-8"],
    ["config.yaml", "application/yaml"],
    ["loss.png", "image/png"],
    ["model/model.safetensors", "application/octet-stream"],
    ["checkpoints/100/state/array.msgpack", "application/octet-stream"],
  ])("%s streams as %s with length, disposition and validators", async (p, type) => {
    const res = await get(url(p));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(type);
    const body = await bytes(res);
    expect(body.equals(await readFile(join(f.run, p)))).toBe(true);
    expect(res.headers.get("content-length")).toBe(String(body.length));
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="${p.split("/").pop()}"`);
    expect(res.headers.get("etag")).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/);
    expect(res.headers.get("last-modified")).toMatch(/GMT$/);
    expect(res.headers.get("accept-ranges")).toBe("bytes");
  });

  it("gives non-ASCII names an RFC 5987 filename*", async () => {
    const res = await get(url(encodeURIComponent("résumé ü.txt")));
    expect(await res.text()).toBe("unicode name");
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="r_sum_ _.txt"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%C3%BC.txt`,
    );
  });

  it("follows an inside symlink and answers If-None-Match with 304", async () => {
    const res = await get(url("latest/meta.json"));
    expect(await res.text()).toBe('{"step":100}');
    const again = await get(url("latest/meta.json"), { "if-none-match": res.headers.get("etag")! });
    expect(again.status).toBe(304);
  });

  it("supports HEAD without a body", async () => {
    const res = await f.app.request(url("model/model.safetensors"), { method: "HEAD" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-length")).toBe(String(weights.length));
  });
});

describe("ranges", () => {
  const notes = "0123456789abcdefghij";
  it.each([
    ["bytes=0-4", "01234", "bytes 0-4/20"],
    ["bytes=10-", "abcdefghij", "bytes 10-19/20"],
    ["bytes=-3", "hij", "bytes 17-19/20"],
    ["bytes=15-999", "fghij", "bytes 15-19/20"],
    ["bytes=-50", notes, "bytes 0-19/20"],
  ])("%s → 206 %j", async (range, body, contentRange) => {
    const res = await get(url("notes.txt"), { range });
    expect(res.status).toBe(206);
    expect(await res.text()).toBe(body);
    expect(res.headers.get("content-range")).toBe(contentRange);
    expect(res.headers.get("content-length")).toBe(String(body.length));
  });

  it("slices a binary file exactly", async () => {
    const res = await get(url("model/model.safetensors"), { range: "bytes=65530-131080" });
    expect((await bytes(res)).equals(weights.subarray(65530, 131081))).toBe(true);
  });

  it.each(["bytes=20-", "bytes=-0", "bytes=99999-100000"])("%s → 416 with bytes */size", async (range) => {
    const res = await get(url("notes.txt"), { range });
    expect(res.status).toBe(416);
    expect(res.headers.get("content-range")).toBe("bytes */20");
    expect(res.headers.get("content-type")).toBe("application/problem+json");
  });

  it("answers several ranges, garbage and a stale If-Range with the whole file", async () => {
    const cases: Record<string, string>[] = [
      { range: "bytes=0-1,4-5" },
      { range: "lines=1-2" },
      { range: "bytes=0-1", "if-range": '"x"' },
    ];
    for (const headers of cases) {
      const res = await get(url("notes.txt"), headers);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe(notes);
    }
  });
});

describe("directory downloads", () => {
  it("streams a checkpoint as a tar that GNU tar extracts byte-for-byte", async () => {
    const res = await get(url("checkpoints/100"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/x-tar");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="100.tar"');
    const archive = await bytes(res);
    expect(res.headers.get("content-length")).toBe(String(archive.length));
    const tarFile = join(f.base, "ckpt.tar");
    await writeFile(tarFile, archive);
    const names = execFileSync("tar", ["-tf", tarFile], { encoding: "utf8" }).trim().split("\n").sort();
    // The inside symlink is archived as its target's bytes; the one leading to /etc is left out.
    expect(names).toEqual([
      "100/",
      "100/config.json",
      "100/meta.json",
      "100/state/",
      "100/state/array.msgpack",
    ]);
    expect(archive.includes("root:x:0:0")).toBe(false);
    const out = join(f.base, "extracted");
    await mkdir(out);
    execFileSync("tar", ["-xf", tarFile, "-C", out]);
    for (const p of ["config.json", "meta.json", "state/array.msgpack"]) {
      const original = await readFile(join(f.run, "checkpoints/100", p));
      expect((await readFile(join(out, "100", p))).equals(original)).toBe(true);
    }
  });
});
