import {
  Baseline,
  GateCheckBody,
  GateResult,
  ListBaselinesResponse,
  PutBaselineBody,
} from "@tunix-rt/contracts";
import { checkGate, deleteBaseline, getBaseline, listBaselines, putBaseline } from "@tunix-rt/services";
import { z } from "zod";
import type { AppContext } from "../app-context.js";
import { parseJsonBody } from "../http/read-body.js";
import { describe } from "./describe.js";

const BODY_MAX = 16 * 1024;

/** The regression gate: named baselines (a model on an eval set) and checks of candidates against them. */
export function registerRegressionRoutes(ctx: AppContext) {
  const { app, deps } = ctx;
  const name = z.object({ name: z.string() });

  describe(
    app,
    "post",
    "/api/regression/baselines",
    "Pin (or re-pin) a named baseline: a model on an eval set",
    {
      body: PutBaselineBody,
      status: 201,
      response: Baseline,
    },
  );
  app.post("/api/regression/baselines", async (c) => {
    const body = await parseJsonBody(c.req.raw, PutBaselineBody, "baseline", BODY_MAX);
    return c.json(await putBaseline(deps, body), 201);
  });

  describe(app, "get", "/api/regression/baselines", "The pinned baselines", {
    response: ListBaselinesResponse,
  });
  app.get("/api/regression/baselines", async (c) => c.json(await listBaselines(deps)));

  describe(app, "get", "/api/regression/baselines/{name}", "One baseline", {
    params: name,
    response: Baseline,
  });
  app.get("/api/regression/baselines/:name", async (c) =>
    c.json(await getBaseline(deps, c.req.param("name"))),
  );

  describe(app, "delete", "/api/regression/baselines/{name}", "Unpin a baseline", {
    params: name,
    status: 204,
  });
  app.delete("/api/regression/baselines/:name", async (c) => {
    await deleteBaseline(deps, c.req.param("name"));
    return c.body(null, 204);
  });

  describe(
    app,
    "post",
    "/api/regression/check",
    "Gate a candidate model against a baseline: pass, fail (worse than allowed beyond noise) or undecided, with the evidence",
    { body: GateCheckBody, response: GateResult },
  );
  app.post("/api/regression/check", async (c) => {
    const body = await parseJsonBody(c.req.raw, GateCheckBody, "gate check", BODY_MAX);
    return c.json(await checkGate(deps, body));
  });
}
