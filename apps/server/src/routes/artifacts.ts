import {
  ArtifactEntry,
  ArtifactPathParams,
  ArtifactRunParams,
  ListArtifactsQuery,
  ListArtifactsResponse,
} from "@tunix-rt/contracts";
import {
  AppError,
  contentTypeFor,
  decodeArtifactPath,
  iteratorStream,
  listArtifacts,
  MAX_LISTED_ENTRIES,
  parseByteRange,
  type ResolvedArtifact,
  readFileRange,
  resolveArtifactPath,
  statArtifact,
  tarChunks,
  tarMembers,
  tarSize,
  walkArtifacts,
} from "@tunix-rt/services";
import type { Context } from "hono";
import type { AppContext } from "../app-context.js";
import { parseQuery } from "../http/parse-query.js";
import { problemBody } from "../http/problem.js";
import { describe } from "./describe.js";

/** Maps a run id to its directory; throws AppError("not_found") for an unknown run. */
export type GetRunDir = (runId: string) => Promise<string>;

const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;
// Applied to the still percent-encoded pathname, so %2F inside the artifact path is not a separator yet.
const ARTIFACT_URL = /\/runs\/[^/]+\/artifacts\/(.*)\/(download|meta)$/;

async function runDirOf(c: Context, getRunDir: GetRunDir) {
  const id = c.req.param("id");
  // Checked before the lookup sees it: a decoded id such as "../x" must never become part of a path.
  if (!id || !RUN_ID.test(id)) throw new AppError("not_found", "Run not found");
  return { id, runDir: await getRunDir(id) };
}

/** RFC 6266 attachment with an ASCII fallback and RFC 5987 `filename*` for anything else. */
export function attachment(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\%]/g, "_");
  if (ascii === filename) return `attachment; filename="${filename}"`;
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

function notModified(c: Context, etag: string, mtimeMs: number): boolean {
  const inm = c.req.header("if-none-match");
  if (inm !== undefined) {
    return inm.trim() === "*" || inm.split(",").some((t) => t.trim().replace(/^W\//, "") === etag);
  }
  const ims = Date.parse(c.req.header("if-modified-since") ?? "");
  return Number.isFinite(ims) && Math.floor(mtimeMs / 1000) * 1000 <= ims;
}

function rangeNotSatisfiable(c: Context, size: number): Response {
  const body = {
    ...problemBody(
      c,
      416,
      "range_not_satisfiable",
      `The requested range is outside the file (${size} bytes)`,
    ),
    title: "Range Not Satisfiable",
  };
  return new Response(JSON.stringify(body), {
    status: 416,
    headers: { "content-type": "application/problem+json", "content-range": `bytes */${size}` },
  });
}

function fileResponse(c: Context, r: ResolvedArtifact): Response {
  const { size, mtimeMs } = r.stats;
  const name = r.path.slice(r.path.lastIndexOf("/") + 1);
  const etag = `"${size.toString(16)}-${Math.floor(mtimeMs).toString(16)}"`;
  const lastModified = new Date(mtimeMs).toUTCString();
  const headers: Record<string, string> = {
    "content-type": contentTypeFor(name),
    "content-disposition": attachment(name),
    "accept-ranges": "bytes",
    etag,
    "last-modified": lastModified,
    "cache-control": "private, no-cache",
    // Served from our origin: never let a browser sniff a trainer's output into HTML.
    "x-content-type-options": "nosniff",
  };
  if (notModified(c, etag, mtimeMs)) return new Response(null, { status: 304, headers });
  const ifRange = c.req.header("if-range");
  const rangeValid = ifRange === undefined || ifRange === etag || ifRange === lastModified;
  const range = rangeValid ? parseByteRange(c.req.header("range"), size) : { kind: "whole" as const };
  if (range.kind === "unsatisfiable") return rangeNotSatisfiable(c, size);
  if (range.kind === "partial") {
    const length = range.end - range.start + 1;
    headers["content-length"] = String(length);
    headers["content-range"] = `bytes ${range.start}-${range.end}/${size}`;
    return new Response(iteratorStream(readFileRange(r.realPath, range.start, length)), {
      status: 206,
      headers,
    });
  }
  headers["content-length"] = String(size);
  return new Response(iteratorStream(readFileRange(r.realPath, 0, size)), { status: 200, headers });
}

async function tarResponse(r: ResolvedArtifact): Promise<Response> {
  const { entries, truncated } = await walkArtifacts(r.root, r.realPath, r.path, MAX_LISTED_ENTRIES);
  if (truncated) {
    throw new AppError(
      "payload_too_large",
      `The directory ${r.path} holds more than ${MAX_LISTED_ENTRIES} entries; download its subdirectories`,
    );
  }
  const members = tarMembers({ path: r.path, realPath: r.realPath, mtimeMs: r.stats.mtimeMs }, entries);
  const name = `${r.path.slice(r.path.lastIndexOf("/") + 1)}.tar`;
  return new Response(iteratorStream(tarChunks(members)), {
    status: 200,
    headers: {
      "content-type": "application/x-tar",
      "content-length": String(tarSize(members)),
      "content-disposition": attachment(name),
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}

/**
 * Artifact listing and downloads for runs. Only entries inside the run's own directory are ever
 * served; see docs/artifacts.md for what is refused (400) and what is absent (404).
 */
export function registerArtifactRoutes({ app }: AppContext, getRunDir: GetRunDir) {
  describe(app, "get", "/api/tunix/runs/{id}/artifacts", "Recursive listing of a run's artifacts", {
    params: ArtifactRunParams,
    query: ListArtifactsQuery,
    response: ListArtifactsResponse,
  });
  app.get("/api/tunix/runs/:id/artifacts", async (c) => {
    const q = parseQuery(c, ListArtifactsQuery);
    const { id, runDir } = await runDirOf(c, getRunDir);
    const { artifacts, truncated } = await listArtifacts(runDir, { hash: q.hash === "true" });
    return c.json({ run_id: id, artifacts, truncated });
  });

  describe(
    app,
    "get",
    "/api/tunix/runs/{id}/artifacts/{path}/download",
    "Download an artifact: a file (Range supported) or a directory as a tar stream; path may contain '/'",
    { params: ArtifactPathParams, contentType: "application/octet-stream" },
  );
  describe(
    app,
    "get",
    "/api/tunix/runs/{id}/artifacts/{path}/meta",
    "One artifact's entry; a file's sha256 is computed now if not cached",
    { params: ArtifactPathParams, response: ArtifactEntry },
  );
  app.get("/api/tunix/runs/:id/artifacts/*", async (c) => {
    const match = ARTIFACT_URL.exec(new URL(c.req.url).pathname);
    if (!match) {
      throw new AppError("not_found", "No such artifact endpoint: use …/artifacts/{path}/download or …/meta");
    }
    const [, rawPath = "", action] = match;
    const path = decodeArtifactPath(rawPath);
    const { runDir } = await runDirOf(c, getRunDir);
    if (action === "meta") return c.json(await statArtifact(runDir, path));
    const resolved = await resolveArtifactPath(runDir, path);
    return resolved.type === "file" ? fileResponse(c, resolved) : tarResponse(resolved);
  });
}
