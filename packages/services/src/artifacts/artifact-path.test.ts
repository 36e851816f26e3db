import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../app-error.js";
import {
  decodeArtifactPath,
  HASH_CACHE_FILE,
  isInside,
  resolveArtifactPath,
  validateArtifactPath,
} from "./artifact-path.js";

let base: string;
let run: string;

beforeAll(async () => {
  base = await realpath(await mkdtemp(join(tmpdir(), "artifact-path-")));
  run = join(base, "runs", "run_abc");
  await mkdir(join(run, "checkpoints", "100"), { recursive: true });
  await mkdir(join(base, "runs", "run_abc2"), { recursive: true });
  await writeFile(join(base, "secret.txt"), "outside");
  await writeFile(join(base, "runs", "run_abc2", "other.txt"), "sibling");
  await writeFile(join(run, "run.json"), "{}");
  await writeFile(join(run, "checkpoints", "100", "state.msgpack"), "w");
  await writeFile(join(run, HASH_CACHE_FILE), "{}");
  await symlink("/etc", join(run, "link-etc"));
  await symlink("../run_abc2", join(run, "link-sibling"));
  await symlink("../../secret.txt", join(run, "link-secret"));
  await symlink("/nonexistent/elsewhere", join(run, "link-dangling"));
  await symlink("checkpoints/100", join(run, "latest"));
  await symlink(".", join(run, "self"));
  execFileSync("mkfifo", [join(run, "pipe")]);
});
afterAll(() => rm(base, { recursive: true, force: true }));

async function refusal(p: string) {
  try {
    await resolveArtifactPath(run, p);
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return (err as AppError).code;
  }
  throw new Error(`${p} was served`);
}

describe("isInside", () => {
  it("is separator-aware: a sibling whose name extends the run id is outside", () => {
    expect(isInside("/out/run_abc", "/out/run_abc2")).toBe(false);
    expect(isInside("/out/run_abc", "/out/run_abc2/x")).toBe(false);
    expect(isInside("/out/run_abc", "/out/run_abc/x")).toBe(true);
    expect(isInside("/out/run_abc", "/out/run_abc")).toBe(true);
    expect(isInside("/out/run_abc", "/out")).toBe(false);
  });
});

describe("validateArtifactPath", () => {
  it.each([
    ["", "empty"],
    ["/etc/passwd", "absolute"],
    ["../x", "'..'"],
    ["a/../../x", "'..'"],
    ["./x", "'.'"],
    ["a//b", "empty segments"],
    ["a/", "empty segments"],
    ["a\\..\\b", "backslashes"],
    ["C:/Windows", "drive letters"],
    ["c:x", "drive letters"],
    ["a\0b", "control"],
    ["a\nb", "control"],
    ["%2e%2e/x", "percent-encoded"],
    ["..%2fx", "percent-encoded"],
    ["\uff0e\uff0e/x", "look-alike"],
    ["\u2025/x", "look-alike"],
    ["a\uff0fb", "look-alike"],
    ["x".repeat(256), "255 bytes"],
    ["a/".repeat(2100), "longer than"],
  ])("refuses %j (%s)", (p, why) => {
    expect(() => validateArtifactPath(p)).toThrow(why);
  });

  it("accepts ordinary nested paths", () => {
    expect(validateArtifactPath("checkpoints/100/state.msgpack")).toEqual([
      "checkpoints",
      "100",
      "state.msgpack",
    ]);
    expect(validateArtifactPath("ünï cödé...txt")).toEqual(["ünï cödé...txt"]);
    expect(validateArtifactPath("100%")).toEqual(["100%"]);
  });

  it("decodes exactly once and refuses malformed encodings", () => {
    expect(decodeArtifactPath("a%2Fb")).toBe("a/b");
    expect(decodeArtifactPath("%252e")).toBe("%2e");
    expect(() => decodeArtifactPath("%c0%ae")).toThrow("malformed");
    expect(() => decodeArtifactPath("%")).toThrow("malformed");
  });
});

describe("resolveArtifactPath", () => {
  it("resolves files, directories and symlinks that stay inside", async () => {
    const file = await resolveArtifactPath(run, "checkpoints/100/state.msgpack");
    expect(file).toMatchObject({ type: "file", path: "checkpoints/100/state.msgpack", root: run });
    expect((await resolveArtifactPath(run, "checkpoints")).type).toBe("dir");
    const viaLink = await resolveArtifactPath(run, "latest/state.msgpack");
    expect(viaLink.realPath).toBe(join(run, "checkpoints", "100", "state.msgpack"));
  });

  it("refuses symlinks leading outside with 400, whether or not the target exists", async () => {
    expect(await refusal("link-etc")).toBe("bad_request");
    expect(await refusal("link-etc/passwd")).toBe("bad_request");
    expect(await refusal("link-etc/definitely-missing")).toBe("bad_request");
    expect(await refusal("link-sibling/other.txt")).toBe("bad_request");
    expect(await refusal("link-secret")).toBe("bad_request");
    expect(await refusal("self")).toBe("bad_request");
  });

  it("answers 404 for what is absent or not an artifact", async () => {
    expect(await refusal("missing.txt")).toBe("not_found");
    expect(await refusal("run.json/x")).toBe("not_found");
    expect(await refusal("link-dangling")).toBe("not_found");
    expect(await refusal(HASH_CACHE_FILE)).toBe("not_found");
    expect(await refusal("pipe")).toBe("not_found");
    await expect(resolveArtifactPath(join(base, "runs", "nope"), "x")).rejects.toThrow("not found");
  });
});
