import {
  GenerateTracesBody,
  GenerateTracesResponse,
  GeneratorName,
  ListGeneratorsResponse,
  UngarGenerateBody,
  UngarGenerateResponse,
  UngarStatusResponse,
} from "@tunix-rt/contracts";
import { AppError, generateTraces, listGenerators } from "@tunix-rt/services";
import { z } from "zod";
import type { AppContext } from "../app-context.js";
import { parseJsonBody } from "../http/read-body.js";
import { describe } from "./describe.js";

const BODY_MAX = 64 * 1024;

export function registerGeneratorRoutes({ app, deps }: AppContext) {
  describe(app, "get", "/api/generators", "The synthetic trace generators", {
    response: ListGeneratorsResponse,
  });
  app.get("/api/generators", (c) => c.json({ data: listGenerators() }));

  describe(
    app,
    "post",
    "/api/generators/{name}/generate",
    "Generate traces into the store (seeded, deterministic)",
    {
      params: z.object({ name: GeneratorName }),
      body: GenerateTracesBody,
      status: 201,
      response: GenerateTracesResponse,
    },
  );
  app.post("/api/generators/:name/generate", async (c) => {
    const name = GeneratorName.safeParse(c.req.param("name"));
    if (!name.success)
      throw new AppError("not_found", `No generator named ${c.req.param("name")}; see GET /api/generators`);
    const body = await parseJsonBody(c.req.raw, GenerateTracesBody, "generate request", BODY_MAX);
    return c.json(await generateTraces(deps, name.data, body), 201);
  });

  // The seed's UNGAR endpoints: now always available, backed by our own High Card Duel.
  describe(app, "get", "/api/ungar/status", "UNGAR availability (seed path; always available)", {
    response: UngarStatusResponse,
  });
  app.get("/api/ungar/status", (c) => c.json({ available: true, version: "tunix-rt-native-1.0" }));

  describe(app, "post", "/api/ungar/high-card-duel/generate", "Generate High Card Duel traces (seed path)", {
    body: UngarGenerateBody,
    status: 201,
    response: UngarGenerateResponse,
  });
  app.post("/api/ungar/high-card-duel/generate", async (c) => {
    const body = await parseJsonBody(c.req.raw, UngarGenerateBody, "generate request", BODY_MAX);
    if (!body.persist) {
      throw new AppError(
        "validation",
        "persist=false is not supported: the seed returned ids that existed nowhere",
        {
          errors: [{ field: "persist", message: "must be true" }],
        },
      );
    }
    const r = await generateTraces(deps, "high_card_duel", {
      count: body.count,
      seed: body.seed ?? null,
      start_index: 0,
      options: {},
    });
    return c.json(
      {
        trace_ids: r.trace_ids ?? [],
        preview: r.preview.map((p) => ({
          trace_id: p.trace_id,
          game: String(p.meta?.game ?? "high_card_duel"),
          result: String(p.meta?.result ?? ""),
          my_card: String(p.meta?.my_card ?? ""),
        })),
      },
      201,
    );
  });
}
