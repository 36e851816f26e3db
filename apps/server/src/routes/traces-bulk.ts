import {
  BulkDeleteTracesBody,
  BulkDeleteTracesResponse,
  BulkScoreTracesBody,
  BulkScoreTracesResponse,
} from "@tunix-rt/contracts";
import { deleteTraces, scoreTraces } from "@tunix-rt/services";
import type { AppContext } from "../app-context.js";
import { parseJsonBody } from "../http/read-body.js";
import { describe } from "./describe.js";

/** 1000 UUIDs as JSON with room to spare. */
const BULK_BODY_MAX_BYTES = 64 * 1024;

/** Actions on a selection of traces, as the list's multi-select sends them. */
export function registerTraceBulkRoutes(ctx: AppContext) {
  const { app, deps } = ctx;

  describe(
    app,
    "post",
    "/api/traces/bulk-score",
    "Score up to 1000 traces with one criteria; traces it cannot score are listed with the reason",
    { body: BulkScoreTracesBody, status: 201, response: BulkScoreTracesResponse },
  );
  app.post("/api/traces/bulk-score", async (c) => {
    const body = await parseJsonBody(
      c.req.raw,
      BulkScoreTracesBody,
      "bulk score request",
      BULK_BODY_MAX_BYTES,
    );
    return c.json(await scoreTraces(deps, body.ids, body.criteria), 201);
  });

  describe(
    app,
    "post",
    "/api/traces/bulk-delete",
    "Delete up to 1000 traces and their scores, all or none (refused while a dataset holds any)",
    { body: BulkDeleteTracesBody, response: BulkDeleteTracesResponse },
  );
  app.post("/api/traces/bulk-delete", async (c) => {
    const body = await parseJsonBody(
      c.req.raw,
      BulkDeleteTracesBody,
      "bulk delete request",
      BULK_BODY_MAX_BYTES,
    );
    return c.json(await deleteTraces(deps, body.ids));
  });
}
