import type { BuildDatasetBody, PreviewDatasetResponse } from "@tunix-rt/contracts";
import type { ServiceDeps } from "../deps.js";
import { buildFilters, countMatching } from "./select-traces.js";

/** How many traces a build request matches and would select, without building anything. */
export async function previewDataset(
  deps: ServiceDeps,
  req: BuildDatasetBody,
): Promise<PreviewDatasetResponse> {
  const matching = await countMatching(deps, buildFilters(req), req.distinct_prompts);
  return { matching_count: matching, selected_count: Math.min(matching, req.limit) };
}
