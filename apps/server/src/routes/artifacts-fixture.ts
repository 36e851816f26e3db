import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OpenAPIHono } from "@hono/zod-openapi";
import { AppError } from "@tunix-rt/services";
import pino from "pino";
import type { AppContext, AppEnv } from "../app-context.js";
import { createErrorHandler, problemResponse } from "../http/problem.js";
import { registerArtifactRoutes } from "./artifacts.js";
import { registerDocsRoutes } from "./docs.js";

export const SECRET = "TOP-SECRET-OUTSIDE-7f3a";
export const SIBLING_SECRET = "SIBLING-RUN-SECRET-91c2";
export const TRAIN = '{"prompt":"p","completion":"c"}\n';
export const weights = Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 7919) % 251));

export const artifactUrl = (p: string, action = "download") =>
  `/api/tunix/runs/run_abc/artifacts/${p}/${action}`;

/**
 * A run directory full of artifacts and traps (symlinks to /etc, to a sibling run, to a secret planted
 * outside, a FIFO), next to sibling runs whose names start with the run id; and a small app with the
 * project's error handler, the artifact routes and a 404 problem fallback.
 */
export async function createArtifactFixture() {
  const base = await realpath(await mkdtemp(join(tmpdir(), "artifact-routes-")));
  const run = join(base, "runs", "run_abc");
  const files: Record<string, string | Buffer> = {
    "run.json": '{"trainer":"sft"}',
    "metrics.jsonl": '{"step":1,"name":"train/loss","value":2}\n',
    "data/train.jsonl": TRAIN,
    "logs/stdout.log": "step 1\n",
    "notes.txt": "0123456789abcdefghij",
    "config.yaml": "lr: 0.1\n",
    "loss.png": Buffer.from([0x89, 0x50, 0x4e, 0x47]),
    "model/model.safetensors": weights,
    "checkpoints/100/meta.json": '{"step":100}',
    "checkpoints/100/state/array.msgpack": weights.subarray(0, 70_001),
    "résumé ü.txt": "unicode name",
  };
  for (const [p, data] of Object.entries(files)) {
    await mkdir(join(run, p, ".."), { recursive: true });
    await writeFile(join(run, p), data);
  }
  await writeFile(join(base, "secret.txt"), SECRET);
  await writeFile(join(base, "runs", "secret.txt"), SECRET);
  await mkdir(join(base, "runs", "run_abc2"));
  await writeFile(join(base, "runs", "run_abc2", "secret2.txt"), SIBLING_SECRET);
  await mkdir(join(base, "runs", "run_abcdef"));
  await writeFile(join(base, "runs", "run_abcdef", "secret2.txt"), SIBLING_SECRET);
  await symlink("/etc", join(run, "link-etc"));
  await symlink("/", join(run, "link-root"));
  await symlink("../run_abc2", join(run, "link-sibling"));
  await symlink("../run_abcdef/secret2.txt", join(run, "link-prefix-sibling"));
  await symlink("../../secret.txt", join(run, "link-secret"));
  await symlink("..", join(run, "link-up"));
  await symlink("/nonexistent/x", join(run, "link-dangling"));
  await symlink("checkpoints/100", join(run, "latest"));
  await symlink("/etc", join(run, "checkpoints/100/escape"));
  await symlink("../../run.json", join(run, "checkpoints/100/config.json"));
  execFileSync("mkfifo", [join(run, "fifo")]);

  const dirs: Record<string, string> = { run_abc: run, run_pending: join(base, "runs", "never-made") };
  const app = new OpenAPIHono<AppEnv>();
  app.onError(createErrorHandler(pino({ level: "silent" })));
  const ctx = { app } as unknown as AppContext;
  registerArtifactRoutes(ctx, async (id) => {
    const dir = dirs[id];
    if (!dir) throw new AppError("not_found", `Run ${id} not found`);
    return dir;
  });
  registerDocsRoutes(ctx);
  // Like create-app's fallback; "*" too, since "/a/../../../etc" is normalized out of /api/ before routing.
  app.all("*", (c) => problemResponse(c, 404, "not_found", `No route for ${c.req.path}`));
  return { base, run, app, close: () => rm(base, { recursive: true, force: true }) };
}
