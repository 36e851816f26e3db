import type { PreviewDatasetResponse } from "@tunix-rt/contracts";
import type { ServiceDeps } from "../deps.js";
import { parseBuildBody } from "./build-dataset.js";
import { buildFilters, countMatching } from "./select-traces.js";

/** How many traces a build request matches and would select, without building anything. */
export async function previewDataset(deps: ServiceDeps, body: unknown): Promise<PreviewDatasetResponse> {
  // A preview needs no name, version or seed: only the filters and the limit matter.
  const given = body && typeof body === "object" && !Array.isArray(body) ? body : {};
  const req = parseBuildBody({
    dataset_name: "preview",
    dataset_version: "preview",
    ...given,
    selection_strategy: "latest",
  });
  const matching = await countMatching(deps, buildFilters(req));
  return { matching_count: matching, selected_count: Math.min(matching, req.limit) };
}
