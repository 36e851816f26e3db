import { connect } from "node:net";
import { serve } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createArtifactFixture, SECRET, SIBLING_SECRET, artifactUrl as url } from "./artifacts-fixture.js";

let f: Awaited<ReturnType<typeof createArtifactFixture>>;
beforeAll(async () => {
  f = await createArtifactFixture();
});
afterAll(() => f.close());

// Every path below is spliced raw into the URL (no re-encoding) and must be refused.
const CORPUS = [
  "../secret.txt",
  "../../secret.txt",
  "../../../../../../etc/passwd",
  "..%2fsecret.txt",
  "..%2f..%2fsecret.txt",
  "..%2F..%2F..%2Fetc%2Fpasswd",
  "%2e%2e/%2e%2e/secret.txt",
  "%2e%2e%2f%2e%2e%2fsecret.txt",
  "%2E%2E%2F%2E%2E%2Fsecret.txt",
  "%252e%252e%252f%252e%252e%252fsecret.txt",
  "%252e%252e/%252e%252e/secret.txt",
  "..%252f..%252fsecret.txt",
  "%25252e%25252e%25252fsecret.txt",
  "..\\..\\secret.txt",
  "..%5c..%5csecret.txt",
  "..%5C..%5Csecret.txt",
  "/etc/passwd",
  "%2fetc%2fpasswd",
  "%2Fetc%2Fpasswd",
  "C:\\Windows\\win.ini",
  "C:%5cWindows%5cwin.ini",
  "C:/Windows/win.ini",
  "c%3a%5cwindows%5cwin.ini",
  "....//....//secret.txt",
  "....%2f%2f....%2f%2fsecret.txt",
  ".%00./secret.txt",
  "%00",
  "run.json%00.png",
  "..%00/secret.txt",
  "%c0%ae%c0%ae/%c0%ae%c0%ae/secret.txt",
  "%c0%2e%c0%2e%c0%afsecret.txt",
  "%e0%80%ae%e0%80%ae/secret.txt",
  "%ef%bc%8e%ef%bc%8e/%ef%bc%8e%ef%bc%8e/secret.txt",
  "%e2%80%a5/secret.txt",
  "..%ef%bc%8fsecret.txt",
  "..%u2216secret.txt",
  "%",
  "%zz",
  "link-etc/passwd",
  "link-etc",
  "link-root/etc/passwd",
  "link-sibling/secret2.txt",
  "link-sibling",
  "link-prefix-sibling",
  "link-secret",
  "link-up/secret.txt",
  "link-up/run_abc2/secret2.txt",
  "link-up",
  "link-dangling",
  "../run_abc2/secret2.txt",
  "..%2frun_abc2%2fsecret2.txt",
  "..%2frun_abcdef%2fsecret2.txt",
  "data/..%2f..%2f..%2fsecret.txt",
  "data%2f..%2f..%2f..%2fsecret.txt",
  "run.json%2f..%2f..%2fsecret.txt",
  "%2e",
  "%2e%2e",
  "",
  "checkpoints/",
  "run.json/",
  "a".repeat(5000),
  `${"a/".repeat(1500)}x`,
  "x".repeat(300),
  ".artifact-hashes.json",
  "fifo",
  "..;/secret.txt",
  "%2e%2e;/secret.txt",
  "~/secret.txt",
  "missing/../../secret.txt",
  "%2e%2e%5c%2e%2e%5csecret.txt",
  "..%c0%afsecret.txt",
  "data/%2e%2e/%2e%2e/%2e%2e/secret.txt",
];
const RUN_ID_CORPUS = [
  "..",
  "..%2f..",
  "%2e%2e",
  "run_abc%2f..%2f..",
  "run_abc2",
  "run_abc%00",
  "%2e%2e%2fruns",
];
const LEAKS = [SECRET, SIBLING_SECRET, "root:x:0:0", "[fonts]"];
const TARGETS = [
  ...CORPUS.flatMap((p) => [url(p), url(p, "meta")]),
  ...RUN_ID_CORPUS.map((id) => `/api/tunix/runs/${id}/artifacts/run.json/download`),
  ...RUN_ID_CORPUS.map((id) => `/api/tunix/runs/${id}/artifacts`),
];

describe("traversal attack corpus", () => {
  it(`has at least 40 hostile artifact paths (${CORPUS.length})`, () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(40);
  });

  it.each(TARGETS)("refuses %s via app.request with a 4xx problem and no leak", async (target) => {
    const res = await f.app.request(target);
    const text = await res.text();
    expect(res.status, text).toBeGreaterThanOrEqual(400);
    expect(res.status, text).toBeLessThan(500);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    for (const leak of [...LEAKS, f.base]) expect(text).not.toContain(leak);
  });

  it("refuses the corpus sent byte-for-byte to a real server (no client-side normalizing)", async () => {
    const server = serve({ fetch: f.app.fetch, port: 0, hostname: "127.0.0.1" });
    await new Promise((resolve) => server.once("listening", resolve));
    const { port } = server.address() as { port: number };
    try {
      const ok = await rawGet(port, url("run.json"));
      expect(ok.startsWith("HTTP/1.1 200 ")).toBe(true);
      expect(ok.endsWith(`{"trainer":"sft"}`)).toBe(true);
      for (const target of TARGETS) {
        const raw = await rawGet(port, target);
        const status = Number(raw.slice(9, 12));
        expect(status, `${target}\n${raw.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
        expect(status, target).toBeLessThan(500);
        for (const leak of [...LEAKS, f.base]) expect(raw).not.toContain(leak);
      }
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

function rawGet(port: number, target: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    socket.on("data", (c) => chunks.push(c));
    socket.on("end", () => resolve(Buffer.concat(chunks).toString("latin1")));
    socket.on("error", reject);
    socket.write(`GET ${target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`, "latin1");
  });
}
