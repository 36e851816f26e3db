import { LeaderboardQuery, LeaderboardResponse, SeedEvaluationsQuery } from "@tunix-rt/contracts";
import { listLeaderboard, listSeedEvaluations } from "@tunix-rt/services";
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
