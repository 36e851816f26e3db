import { z } from "zod";
import { RunSummary } from "./runs.js";

/** 2 to 8 run ids, comma-separated: the runs to set side by side. */
export const CompareRunsQuery = z.object({
  ids: z
    .string()
    .max(8 * 37)
    .transform((s) => [
      ...new Set(
        s
          .split(",")
          .map((x) => x.trim())
          .filter(Boolean),
      ),
    ])
    .pipe(z.array(z.string().max(64)).min(2, "name at least two runs").max(8, "at most 8 runs")),
});
export type CompareRunsQuery = z.infer<typeof CompareRunsQuery>;

const ParamValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const RunComparison = z.object({
  /** In the order asked for. */
  runs: z.array(RunSummary),
  /**
   * Every setting of the runs' configs (nested ones as `trainer_options.lora`), one value per run in
   * the same order (null where a run has none); `differs` marks those that are not all equal.
   */
  params: z.array(z.object({ key: z.string(), values: z.array(ParamValue), differs: z.boolean() })),
  /** Per metric series: the final value (or the last point), and the best point where better is known. */
  metrics: z.array(
    z.object({
      name: z.string(),
      /** lower for losses and perplexities, higher for accuracies and rates, null where unknown. */
      better: z.enum(["lower", "higher"]).nullable(),
      final: z.array(z.number().nullable()),
      best: z.array(z.object({ value: z.number(), step: z.number() }).nullable()),
    }),
  ),
});
export type RunComparison = z.infer<typeof RunComparison>;
