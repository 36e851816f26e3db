import {
  CompareEvaluationsQuery,
  CompareItemDetail,
  CompareItemsQuery,
  CompareItemsResponse,
  LeaderboardQuery,
  LeaderboardResponse,
  SeedEvaluationsQuery,
} from "@tunix-rt/contracts";
import {
  AppError,
  compareItem,
  compareItems,
  listLeaderboard,
  listSeedEvaluations,
} from "@tunix-rt/services";
import { z } from "zod";
import type { AppContext } from "../app-context.js";
import { parseQuery } from "../http/parse-query.js";
import { describe } from "./describe.js";

/** Ranking models: the leaderboard, and the seed's evaluations list. */
export function registerLeaderboardRoutes(ctx: AppContext) {
  const { app, deps } = ctx;

  describe(
    app,
    "get",
    "/api/leaderboard",
    "Models ranked on eval sets: the latest evaluation of each model on each set, with 95% intervals",
    { query: LeaderboardQuery, response: LeaderboardResponse },
  );
  app.get("/api/leaderboard", async (c) =>
    c.json(await listLeaderboard(deps, parseQuery(c, LeaderboardQuery))),
  );

  describe(
    app,
    "get",
    "/api/tunix/evaluations",
    "Latest evaluation of each model on each eval set, best first (offset paging)",
    { query: SeedEvaluationsQuery },
  );
  app.get("/api/tunix/evaluations", async (c) =>
    c.json(await listSeedEvaluations(deps, parseQuery(c, SeedEvaluationsQuery))),
  );
}

/** Two evaluations of one eval set, item by item: which items flipped, and how the reasoning changed. */
export function registerModelCompareRoutes(ctx: AppContext) {
  const { app, deps } = ctx;
  describe(
    app,
    "get",
    "/api/evals/compare/items",
    "The items of two evaluations side by side, by change (flipped, improved, regressed, …), keyset-paginated",
    { query: CompareItemsQuery, response: CompareItemsResponse },
  );
  app.get("/api/evals/compare/items", async (c) =>
    c.json(await compareItems(deps, parseQuery(c, CompareItemsQuery))),
  );

  describe(
    app,
    "get",
    "/api/evals/compare/items/{position}",
    "One item of two evaluations: both outputs as reasoning steps, aligned, with the first divergence",
    {
      params: z.object({ position: z.string() }),
      query: CompareEvaluationsQuery,
      response: CompareItemDetail,
    },
  );
  app.get("/api/evals/compare/items/:position", async (c) => {
    const position = Number(c.req.param("position"));
    if (!Number.isInteger(position) || position < 0)
      throw new AppError("validation", "position must be a whole number ≥ 0", {
        errors: [{ field: "path/position", message: "must be a whole number ≥ 0" }],
      });
    return c.json(await compareItem(deps, parseQuery(c, CompareEvaluationsQuery), position));
  });
}
