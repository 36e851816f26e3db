import { type APIRequestContext, expect, type Locator, type Page } from "@playwright/test";
import { generate, uniqueSeed, uniqueToken } from "./helpers";

/** A small dataset of this run's own arithmetic traces, built through the API. */
export async function buildDataset(request: APIRequestContext, count: number) {
  const seed = uniqueSeed();
  await generate(request, "arithmetic", { count, seed });
  const name = `runs-${uniqueToken()}`;
  const res = await request.post("/api/datasets/build", {
    data: {
      dataset_name: name,
      dataset_version: "v1",
      source: "arithmetic",
      filters: { seed },
      limit: count,
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()).dataset_key as string;
}

/** Cancels whatever is still queued or running, and waits until the worker is free again. */
export async function cancelActiveRuns(request: APIRequestContext) {
  const active = async () => {
    const runs = [];
    for (const status of ["pending", "running", "cancel_requested"]) {
      const page = await (await request.get(`/api/tunix/runs?status=${status}&limit=100`)).json();
      runs.push(...page.data);
    }
    return runs as { run_id: string; status: string }[];
  };
  for (const r of await active()) {
    if (r.status !== "cancel_requested") await request.post(`/api/tunix/runs/${r.run_id}/cancel`);
  }
  await expect.poll(async () => (await active()).length, { timeout: 15_000 }).toBe(0);
}

/** Starts the run from the form and returns its id once its page is open. */
export async function startRun(page: Page, form: Locator) {
  await form.getByTestId("runs:start").click();
  await expect(page).toHaveURL(/\/runs\/[0-9a-f-]{36}$/);
  return page.url().split("/").pop()!;
}

export const logLine = (page: Page, text: string) =>
  page.getByTestId("run:log-line").filter({ hasText: text });

/** Submits a real (not dry) run of the fixture trainer on a dataset and returns its id. */
export async function submitFixtureRun(
  request: APIRequestContext,
  datasetKey: string,
  extra: { name?: string; learning_rate?: number; trainer_options?: Record<string, unknown> } = {},
): Promise<string> {
  const res = await request.post("/api/tunix/run?mode=async", {
    data: { dataset_key: datasetKey, model_id: "tiny", trainer: "fixture", dry_run: false, ...extra },
  });
  expect(res.status(), await res.text()).toBe(202);
  return (await res.json()).run_id;
}

/** Waits until the JSON at `path` (a run, an evaluation) reports `completed`. */
export async function untilCompleted(request: APIRequestContext, path: string, timeout = 30_000) {
  await expect
    .poll(async () => (await (await request.get(path)).json()).status, { timeout })
    .toBe("completed");
}
