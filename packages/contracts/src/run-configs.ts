import { z } from "zod";
import { EvalRunConfig } from "./evals.js";
import { TrainRunConfig } from "./run-config.js";

/**
 * Any built-in kind's config, told apart by `kind` (a config stored before runs had kinds is a
 * training run's). The engine reads only the fields of EngineRunConfig; each kind's executor the rest.
 */
export const RunConfig = z.preprocess(
  (v) => (v && typeof v === "object" && !("kind" in v) ? { ...v, kind: "train" } : v),
  z.discriminatedUnion("kind", [TrainRunConfig.extend({ kind: z.literal("train") }), EvalRunConfig]),
);
export type RunConfig = z.infer<typeof RunConfig>;
