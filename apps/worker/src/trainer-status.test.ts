// What `GET /api/tunix/status` and `tunix-rt trainers` report, before and after the Python
// environment exists (a stand-in interpreter plays the part of .venv/bin/python).
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { trainerStatus } from "./trainer-status.js";

const root = mkdtempSync(join(tmpdir(), "trt-status-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("trainerStatus", () => {
  it("fixed bug — 'not set up yet' was cached for minutes after the first run had created the environment", async () => {
    const before = await trainerStatus(root);
    expect(before).toEqual({ error: expect.stringMatching(/not set up on this host yet/) });

    mkdirSync(join(root, ".venv", "bin"), { recursive: true });
    const python = join(root, ".venv", "bin", "python");
    const answer = { backends: { jax: { available: true, version: "0.10.2" } } };
    writeFileSync(python, `#!/bin/sh\necho '${JSON.stringify(answer)}'\n`);
    chmodSync(python, 0o755);
    expect(await trainerStatus(root)).toEqual(answer);
  });
});
