import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseByteRange } from "./byte-range.js";
import { readFileRange } from "./byte-stream.js";
import { contentTypeFor } from "./content-type.js";
import { walkArtifacts } from "./list-artifacts.js";
import { paxRecord, tarChunks, tarMembers, tarSize } from "./tar-stream.js";

let base: string;
const longDir = `${"d".repeat(90)}/${"e".repeat(90)}`; // > 100 bytes: needs the ustar prefix
const veryLong = `${"x".repeat(200)}/${"y".repeat(200)}.bin`; // > 255 bytes: needs a pax path
const files: Record<string, Buffer> = {
  "meta.json": Buffer.from('{"step":100}'),
  "state/array.msgpack": Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 31) % 256)),
  "state/exact-512.bin": Buffer.alloc(512, 1),
  "state/empty.bin": Buffer.alloc(0),
  [`${longDir}/f.txt`]: Buffer.from("long"),
  [veryLong]: Buffer.from("very long"),
  "ünïcödé/ファイル.txt": Buffer.from("unicode"),
};

beforeAll(async () => {
  base = await realpath(await mkdtemp(join(tmpdir(), "tar-stream-")));
  for (const [p, data] of Object.entries(files)) {
    const abs = join(base, "run", "checkpoints", "100", p);
    await mkdir(join(abs, ".."), { recursive: true });
    await writeFile(abs, data);
  }
});
afterAll(() => rm(base, { recursive: true, force: true }));

describe("tarChunks", () => {
  it("writes an archive GNU tar extracts byte-for-byte, with the announced size", async () => {
    const root = join(base, "run");
    const dir = join(root, "checkpoints", "100");
    const { entries } = await walkArtifacts(root, dir, "checkpoints/100", 1000);
    const members = tarMembers({ path: "checkpoints/100", realPath: dir, mtimeMs: Date.now() }, entries);
    const chunks: Uint8Array[] = [];
    for await (const chunk of tarChunks(members)) chunks.push(chunk);
    const archive = Buffer.concat(chunks);
    expect(archive.length).toBe(tarSize(members));
    expect(archive.length % 512).toBe(0);
    const tarFile = join(base, "out.tar");
    await writeFile(tarFile, archive);
    const listed = execFileSync("tar", ["-tf", tarFile], { encoding: "utf8" }).trim().split("\n");
    expect(listed).toContain("100/");
    expect(listed).toContain(`100/${veryLong}`);
    const pyNames = execFileSync(
      "python3",
      ["-c", "import sys, tarfile; print('\\n'.join(tarfile.open(sys.argv[1]).getnames()))", tarFile],
      { encoding: "utf8" },
    );
    expect(pyNames.trim().split("\n").sort()).toEqual(listed.map((n) => n.replace(/\/$/, "")).sort());
    const out = join(base, "extracted");
    await mkdir(out);
    execFileSync("tar", ["-xf", tarFile, "-C", out]);
    for (const [p, data] of Object.entries(files)) {
      expect((await readFile(join(out, "100", p))).equals(data), p).toBe(true);
    }
  });
});

describe("readFileRange", () => {
  it("reads an exact slice, and fails rather than send fewer bytes than announced", async () => {
    const file = join(base, "run", "checkpoints", "100", "meta.json");
    const read = async (start: number, length: number) => {
      const parts: Uint8Array[] = [];
      for await (const part of readFileRange(file, start, length)) parts.push(part);
      return Buffer.concat(parts).toString();
    };
    expect(await read(2, 4)).toBe("step");
    await expect(read(0, 1000)).rejects.toThrow("shrank");
  });
});

describe("paxRecord", () => {
  it("counts its own length digits correctly across every digit boundary", () => {
    for (let n = 0; n < 1100; n++) {
      const record = paxRecord("path", "é".repeat(n % 7) + "x".repeat(n));
      expect(Number(record.slice(0, record.indexOf(" ")))).toBe(Buffer.byteLength(record));
    }
  });
});

describe("parseByteRange", () => {
  it.each([
    [undefined, 100, { kind: "whole" }],
    ["bytes=0-9", 100, { kind: "partial", start: 0, end: 9 }],
    ["bytes=90-", 100, { kind: "partial", start: 90, end: 99 }],
    ["bytes=-10", 100, { kind: "partial", start: 90, end: 99 }],
    ["bytes=-500", 100, { kind: "partial", start: 0, end: 99 }],
    ["bytes=50-5000", 100, { kind: "partial", start: 50, end: 99 }],
    ["BYTES=1-1", 100, { kind: "partial", start: 1, end: 1 }],
    ["bytes=100-", 100, { kind: "unsatisfiable" }],
    ["bytes=-0", 100, { kind: "unsatisfiable" }],
    ["bytes=0-", 0, { kind: "unsatisfiable" }],
    ["bytes=0-1,5-6", 100, { kind: "whole" }],
    ["bytes=9-1", 100, { kind: "whole" }],
    ["items=0-1", 100, { kind: "whole" }],
    ["bytes=-", 100, { kind: "whole" }],
    ["bytes=abc", 100, { kind: "whole" }],
  ])("%j of %d bytes", (header, size, expected) => {
    expect(parseByteRange(header, size)).toEqual(expected);
  });
});

describe("contentTypeFor", () => {
  it.each([
    ["run.json", "application/json"],
    ["metrics.jsonl", "application/x-ndjson"],
    ["stdout.log", "text/plain; charset=utf-8"],
    ["notes.TXT", "text/plain; charset=utf-8"],
    ["config.yaml", "application/yaml"],
    ["loss.png", "image/png"],
    ["model.safetensors", "application/octet-stream"],
    ["array.msgpack", "application/octet-stream"],
    ["page.html", "application/octet-stream"],
    ["Makefile", "application/octet-stream"],
    [".bashrc", "application/octet-stream"],
  ])("%s → %s", (name, type) => {
    expect(contentTypeFor(name)).toBe(type);
  });
});
