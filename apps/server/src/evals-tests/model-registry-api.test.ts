// The model registry through the HTTP API: content-addressed versions, aliases, lineage, the tar
// download, files that outlive the run's checkpoint, and "promote best" with its evidence.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startQualityServer } from "./model-quality-fixture.js";

let q: Awaited<ReturnType<typeof startQualityServer>>;
beforeAll(async () => {
  q = await startQualityServer();
}, 120_000);
afterAll(() => q.s.close());

const promote = (name: string, body: Record<string, unknown>) => q.post(`/api/models/${name}/versions`, body);

/** The names and bytes of a tar archive's regular files (ustar headers, as the server writes them). */
function untar(buf: Buffer): Record<string, string> {
  const files: Record<string, string> = {};
  for (let off = 0; off + 512 <= buf.length; ) {
    const header = buf.subarray(off, off + 512);
    if (header.every((b) => b === 0)) break;
    const field = (a: number, n: number) =>
      header
        .subarray(a, a + n)
        .toString("utf8")
        .replace(/\0.*$/s, "");
    const name = [field(345, 155), field(0, 100)].filter(Boolean).join("/");
    const size = Number.parseInt(field(124, 12).trim() || "0", 8);
    if (field(156, 1) === "0") files[name] = buf.subarray(off + 512, off + 512 + size).toString("utf8");
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

describe("model registry", () => {
  it("promotes a checkpoint to version 1 with its lineage; the same content again is the same version", async () => {
    const first = await promote("arith", {
      run_id: q.runs.a,
      aliases: ["candidate"],
      description: "A, final",
    });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const v = first.body;
    expect(v).toMatchObject({
      name: "arith",
      version: 1,
      created: true,
      checkpoint: "checkpoints/8",
      step: 8,
      file_count: 1,
    });
    expect(v.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(v.ref).toBe("model:arith@1");
    expect(v.aliases).toEqual(["candidate"]);
    expect(v.lineage.run).toMatchObject({ id: q.runs.a, name: "model A", trainer: "fixture" });
    expect(v.lineage.dataset.key).toBe("mq-v1");
    expect(v.lineage.dataset.content_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(v.lineage.evaluations.map((e: { eval_set: string }) => e.eval_set).sort()).toEqual([
      "held-v1",
      "seen-v1",
    ]);

    const again = await promote("arith", { run_id: q.runs.a, checkpoint: "final" });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ version: 1, created: false, sha256: v.sha256 });
    // B's step 8 holds the same bytes as A's (the fixture writes the step): content, not source, decides.
    expect((await promote("arith", { run_id: q.runs.b })).body).toMatchObject({ version: 1, created: false });
    const second = await promote("arith", { run_id: q.runs.a, checkpoint: "4" });
    expect(second.body).toMatchObject({ version: 2, created: true, step: 4 });
  });

  it("lists versions and aliases, moves an alias, and resolves model:<name>@<alias> elsewhere", async () => {
    const moved = await q.s.api("/api/models/arith/aliases/production", {
      method: "PUT",
      json: { version: 2 },
    });
    expect(moved.status).toBe(200);
    expect(moved.body.aliases).toEqual({ candidate: 1, production: 2 });
    await q.s.api("/api/models/arith/aliases/production", { method: "PUT", json: { version: 1 } });
    const model = (await q.s.api("/api/models/arith")).body;
    expect(model.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(model.aliases).toEqual({ candidate: 1, production: 1 });
    const list = (await q.s.api("/api/models")).body.data;
    expect(list[0]).toMatchObject({
      name: "arith",
      version_count: 2,
      aliases: { candidate: 1, production: 1 },
    });
    expect(list[0].latest.version).toBe(2);
    expect((await q.s.api("/api/models/arith/versions/production")).body.version).toBe(1);

    // The registered name works in the gate and shows on the leaderboard.
    await q.post("/api/regression/baselines", {
      name: "prod",
      model: "model:arith@production",
      eval_set: "held-v1",
    });
    const gate = (await q.post("/api/regression/check", { baseline_name: "prod", candidate: q.runs.b })).body;
    expect(gate).toMatchObject({ verdict: "pass", baseline: { accuracy: 0.75 } });
    const board = (await q.s.api("/api/leaderboard?eval_set=held-v1")).body.data;
    expect(
      board.find((r: { model: { key: string } }) => r.model.key === `${q.runs.a}:checkpoints/8`).model
        .versions,
    ).toEqual(["arith@1"]);

    expect((await q.s.api("/api/models/arith/aliases/production", { method: "DELETE" })).status).toBe(204);
    expect((await q.s.api("/api/models/arith/versions/production")).status).toBe(404);
  });

  it("downloads a version as a tar stream, even after the run's checkpoint is deleted", async () => {
    // As a kept-checkpoints limit would: the version's files are its own.
    rmSync(join(q.s.dataDir, "runs", q.runs.a, "checkpoints", "8"), { recursive: true, force: true });
    const res = await fetch(`${q.s.url}/api/models/arith/versions/1/download`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="arith-v1.tar"');
    const buf = Buffer.from(await res.arrayBuffer());
    expect(Number(res.headers.get("content-length"))).toBe(buf.length);
    expect(untar(buf)).toEqual({ "arith-v1/step.txt": "8" });
    // Promoting the deleted checkpoint now says why it cannot.
    const gone = await promote("other", { run_id: q.runs.a });
    expect(gone.status).toBe(409);
    expect(gone.body.detail).toContain("are gone");
  });

  it("refuses what cannot be a version, naming the field", async () => {
    const init = await promote("arith", { run_id: q.runs.a, checkpoint: "init" });
    expect(init.status).toBe(422);
    expect(init.body.errors[0].field).toBe("checkpoint");
    const badName = await promote("no spaces", { run_id: q.runs.b });
    expect(badName.status).toBe(422);
    expect(badName.body.errors[0].field).toBe("path/name");
    const badAlias = await q.s.api("/api/models/arith/aliases/PROD", { method: "PUT", json: { version: 1 } });
    expect(badAlias.status).toBe(422);
    const evalRun = await promote("arith", { run_id: q.evals.a });
    expect(evalRun.status).toBe(422);
    expect((await q.s.api("/api/models/nothing")).status).toBe(404);
    const unknown = await promote("arith", { run_id: "01900000-0000-7000-8000-000000000000" });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0]).toEqual({ field: "run_id", message: "unknown run" });
  });

  it("promote best: shows the best checkpoint and the evidence, and promotes only when asked", async () => {
    const look = await q.post("/api/models/best-arith/promote-best", { eval_set: "held-v1" });
    expect(look.status, JSON.stringify(look.body)).toBe(200);
    const r = look.body;
    expect(r.best).toMatchObject({ run_id: q.runs.b, checkpoint: "checkpoints/8", accuracy: 0.8, n: 40 });
    expect(r.runner_up).toMatchObject({ value: 0.75, conclusion: "no_difference_shown" });
    expect(r.runner_up.difference).toBeCloseTo(0.05, 12);
    expect(r.promoted).toBeNull();
    expect((await q.s.api("/api/models/best-arith")).status).toBe(404);
    const done = (
      await q.post("/api/models/best-arith/promote-best", {
        eval_set: "held-v1",
        promote: true,
        aliases: ["candidate"],
      })
    ).body;
    expect(done.promoted).toMatchObject({
      name: "best-arith",
      version: 1,
      run_id: q.runs.b,
      aliases: ["candidate"],
    });
  });
});
