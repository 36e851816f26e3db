import {
  ListModelsResponse,
  ModelDetail,
  ModelName,
  ModelVersion,
  PromoteBestBody,
  PromoteBestResponse,
  PromoteModelBody,
  PromoteModelResponse,
  SetAliasBody,
} from "@tunix-rt/contracts";
import {
  AppError,
  deleteAlias,
  getModel,
  getModelVersion,
  iteratorStream,
  listModels,
  modelArchive,
  promoteBest,
  promoteModel,
  setAlias,
  tarChunks,
} from "@tunix-rt/services";
import { z } from "zod";
import type { AppContext } from "../app-context.js";
import { parseJsonBody } from "../http/read-body.js";
import { attachment } from "./artifacts.js";
import { describe } from "./describe.js";

const BODY_MAX = 16 * 1024;

function modelName(raw: string): string {
  const parsed = ModelName.safeParse(raw);
  if (!parsed.success)
    throw new AppError("validation", `Model name ${raw} is not valid: letters, digits, . _ - (1–128)`, {
      errors: [{ field: "path/name", message: "letters, digits, . _ - (1–128)" }],
    });
  return parsed.data;
}

/** The model registry: named, content-addressed versions of training checkpoints, with aliases. */
export function registerModelRoutes(ctx: AppContext) {
  const { app, deps, config } = ctx;
  const name = z.object({ name: z.string() });
  const version = name.extend({ version: z.string() });

  describe(app, "get", "/api/models", "Registered models, each with its latest version and aliases", {
    response: ListModelsResponse,
  });
  app.get("/api/models", async (c) => c.json(await listModels(deps)));

  describe(app, "get", "/api/models/{name}", "A model: every version (newest first) and its aliases", {
    params: name,
    response: ModelDetail,
  });
  app.get("/api/models/:name", async (c) => c.json(await getModel(deps, modelName(c.req.param("name")))));

  describe(
    app,
    "post",
    "/api/models/{name}/versions",
    "Promote a completed run's checkpoint to a version (the same content again returns the same version)",
    { params: name, body: PromoteModelBody, status: 201, response: PromoteModelResponse },
  );
  app.post("/api/models/:name/versions", async (c) => {
    const body = await parseJsonBody(c.req.raw, PromoteModelBody, "promotion", BODY_MAX);
    const v = await promoteModel(deps, config.dataDir, modelName(c.req.param("name")), body);
    return c.json(v, v.created ? 201 : 200);
  });

  describe(
    app,
    "post",
    "/api/models/{name}/promote-best",
    "The best trained checkpoint on an eval set by a named figure, with the evidence; promoted only when asked",
    { params: name, body: PromoteBestBody, response: PromoteBestResponse },
  );
  app.post("/api/models/:name/promote-best", async (c) => {
    const body = await parseJsonBody(c.req.raw, PromoteBestBody, "promote-best request", BODY_MAX);
    return c.json(await promoteBest(deps, config.dataDir, modelName(c.req.param("name")), body));
  });

  describe(
    app,
    "get",
    "/api/models/{name}/versions/{version}",
    "One version (by number or alias), with its lineage",
    {
      params: version,
      response: ModelVersion,
    },
  );
  app.get("/api/models/:name/versions/:version", async (c) =>
    c.json(await getModelVersion(deps, modelName(c.req.param("name")), c.req.param("version"))),
  );

  describe(
    app,
    "get",
    "/api/models/{name}/versions/{version}/download",
    "A version's files as a tar stream (`<name>-v<version>/…`)",
    { params: version, contentType: "application/x-tar" },
  );
  app.get("/api/models/:name/versions/:version/download", async (c) => {
    const a = await modelArchive(
      deps,
      config.dataDir,
      modelName(c.req.param("name")),
      c.req.param("version"),
    );
    return new Response(iteratorStream(tarChunks(a.members)), {
      headers: {
        "content-type": "application/x-tar",
        "content-length": String(a.size),
        "content-disposition": attachment(a.fileName),
        "x-content-type-options": "nosniff",
      },
    });
  });

  describe(
    app,
    "put",
    "/api/models/{name}/aliases/{alias}",
    "Point an alias (production, candidate, …) at a version",
    {
      params: name.extend({ alias: z.string() }),
      body: SetAliasBody,
      response: ModelDetail,
    },
  );
  app.put("/api/models/:name/aliases/:alias", async (c) => {
    const alias = c.req.param("alias");
    if (!/^[a-z][a-z0-9_-]{0,63}$/.test(alias))
      throw new AppError(
        "validation",
        `Alias ${alias} is not valid: lower-case letters, digits, _ - (1–64)`,
        {
          errors: [{ field: "path/alias", message: "lower-case letters, digits, _ - (1–64)" }],
        },
      );
    const body = await parseJsonBody(c.req.raw, SetAliasBody, "alias", BODY_MAX);
    return c.json(await setAlias(deps, modelName(c.req.param("name")), alias, body.version));
  });

  describe(app, "delete", "/api/models/{name}/aliases/{alias}", "Remove an alias", {
    params: name.extend({ alias: z.string() }),
    status: 204,
  });
  app.delete("/api/models/:name/aliases/:alias", async (c) => {
    await deleteAlias(deps, modelName(c.req.param("name")), c.req.param("alias"));
    return c.body(null, 204);
  });
}
