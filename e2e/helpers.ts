import { randomBytes } from "node:crypto";
import { type APIRequestContext, expect, type Page } from "@playwright/test";

/** A token unique to this test run, so a journey finds its own traces by searching for it. */
export const uniqueToken = () => `t${randomBytes(4).toString("hex")}`;

export interface Step {
  i: number;
  type: string;
  content: string;
}

export function trace(prompt: string, steps: string[], finalAnswer: string, meta?: Record<string, unknown>) {
  return {
    trace_version: "1.0",
    prompt,
    final_answer: finalAnswer,
    steps: steps.map((content, i): Step => ({ i, type: "reasoning", content })),
    ...(meta ? { meta } : {}),
  };
}

/** The seed's baseline formula, restated independently of the server's code to check its output. */
export function baseline(steps: string[]): number {
  const avg = steps.reduce((n, s) => n + [...s].length, 0) / steps.length;
  return Math.round((Math.min(steps.length / 10, 1) * 50 + Math.min(avg / 500, 1) * 50) * 100) / 100;
}

/** Pastes JSON into the upload panel, uploads it, and waits for the server's answer. */
export async function uploadJson(
  page: Page,
  value: unknown,
  expected: { created: number; rejected?: number },
) {
  const panel = page.getByTestId("upload:panel");
  await panel
    .getByTestId("upload:json")
    .fill(typeof value === "string" ? value : JSON.stringify(value, null, 2));
  await panel.getByTestId("upload:submit").click();
  const result = panel.getByTestId("upload:result");
  await expect(result.getByTestId("upload:created-count")).toHaveText(`${expected.created} created`);
  await expect(result.getByTestId("upload:rejected-count")).toHaveText(`${expected.rejected ?? 0} rejected`);
  return result;
}

/** Types into the list's search box and submits, as a person would. */
export async function search(page: Page, text: string) {
  await page.getByTestId("traces:search").fill(text);
  await page.getByTestId("traces:apply").click();
  await expect(page).toHaveURL(new RegExp(`[?&]q=${encodeURIComponent(text).replace(/%20/g, "\\+")}`));
}

/** A seed for the generators that no other run of the suite is likely to use. */
export const uniqueSeed = () => 1_000_000 + Math.floor(Math.random() * 1_000_000_000);

/** Generates traces through the API, for journeys that need them but are not about generating. */
export async function generate(
  request: APIRequestContext,
  name: string,
  body: { count: number; seed: number; options?: Record<string, unknown> },
) {
  const res = await request.post(`/api/generators/${name}/generate`, { data: body });
  expect(res.status(), await res.text()).toBe(201);
  return res.json();
}

/** Deletes every dataset: children first, since a parent is refused while a child names it. */
export async function clearDatasets(request: APIRequestContext) {
  for (let round = 0; round < 10; round++) {
    const page = await (await request.get("/api/datasets?limit=100")).json();
    if (page.data.length === 0) return;
    for (const d of page.data) {
      const status = (await request.delete(`/api/datasets/${encodeURIComponent(d.dataset_key)}`)).status();
      expect([204, 409]).toContain(status);
    }
  }
  throw new Error("datasets are left that refer to each other");
}
