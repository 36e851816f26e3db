import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { type APIRequestContext, expect, test } from "@playwright/test";
import { baseline, clearDatasets, generate, trace } from "./helpers";

// Renders the Traces page with a few realistic traces and one open, for README/docs. It runs in the
// suite (so the page is checked to render), and writes docs/screenshots/traces.png only when
// UPDATE_SCREENSHOTS=1, so ordinary test runs leave the committed image alone.
const target = (name: string) =>
  process.env.UPDATE_SCREENSHOTS === "1" ? `docs/screenshots/${name}` : test.info().outputPath(name);

const EXAMPLE_STEPS = [
  "Use the formula C = (F - 32) × 5/9.",
  "Substitute F = 68: C = (68 - 32) × 5/9.",
  "Subtract first: 68 - 32 = 36.",
  "Multiply by 5/9: 36 × 5/9 = 20.",
  "Check: 68°F = 20°C.",
];

const SAMPLES = [
  trace(
    "A shop sells pencils at 3 for $0.75. How much do 12 pencils cost?",
    ["One pencil costs $0.75 / 3 = $0.25.", "Twelve pencils cost 12 × $0.25.", "12 × $0.25 = $3.00."],
    "$3.00",
    { source: "gsm8k-style", expected_answer: "$3.00" },
  ),
  trace(
    "Is 221 a prime number?",
    [
      "√221 ≈ 14.9, so test primes up to 13.",
      "221 is odd, digit sum 5, does not end in 5 or 0.",
      "221 / 13 = 17 exactly.",
    ],
    "No: 221 = 13 × 17",
    { source: "synthetic" },
  ),
  trace(
    "What is the sum of the interior angles of a hexagon?",
    [
      "A polygon with n sides has interior angles summing to (n - 2) × 180°.",
      "For a hexagon n = 6, so (6 - 2) × 180° = 720°.",
    ],
    "720°",
    { source: "synthetic", expected_answer: "720°" },
  ),
  trace(
    "A train leaves at 14:20 and the trip takes 2 h 55 min. When does it arrive?",
    ["14:20 + 2 h = 16:20.", "16:20 + 55 min = 17:15."],
    "17:15",
    { source: "gsm8k-style" },
  ),
];

/** Empties the store; datasets go first, since a trace in a dataset cannot be deleted. */
async function clearTraces(request: APIRequestContext) {
  await clearDatasets(request);
  for (;;) {
    const page = await (await request.get("/api/traces?limit=100")).json();
    if (page.data.length === 0) return;
    const ids = page.data.map((t: { id: string }) => t.id);
    const res = await request.post("/api/traces/bulk-delete", { data: { ids } });
    expect(res.status()).toBe(200);
  }
}

test("screenshot: the Traces page with a trace open @screenshot", async ({ page, request }) => {
  // Earlier journeys may have generated a few thousand traces to delete first.
  test.setTimeout(120_000);
  await clearTraces(request);
  for (const t of SAMPLES) {
    const created = await (await request.post("/api/traces", { data: t })).json();
    await request.post(`/api/traces/${created.id}/score`, { data: { criteria: "baseline" } });
  }

  await page.goto("/traces");
  const panel = page.getByTestId("upload:panel");
  await panel.getByTestId("upload:load-example").click();
  await panel.getByTestId("upload:submit").click();
  await expect(panel.getByTestId("upload:created-count")).toHaveText("1 created");
  await panel.getByTestId("upload:clear").click();

  const rows = page.getByTestId("traces:list").getByRole("link");
  await expect(rows).toHaveCount(SAMPLES.length + 1);
  await rows.first().click();
  const detail = page.getByTestId("trace:detail");
  await detail.getByTestId("trace:score-baseline").click();
  await expect(detail.getByTestId("trace:score-result")).toHaveText(
    `baseline score: ${baseline(EXAMPLE_STEPS).toFixed(2)}`,
  );
  await expect(
    page.getByTestId("traces:list").locator("tbody tr").first().locator(".col-baseline"),
  ).toHaveText("28.06");
  await expect(page.getByTestId("sys:redi-status")).toHaveText("RediAI: healthy");

  await page.mouse.move(0, 0);
  const path = target("traces.png");
  mkdirSync(dirname(path), { recursive: true });
  await page.screenshot({ path, fullPage: true });
});

test("screenshot: the Compare page @screenshot", async ({ page, request }) => {
  const base = trace(
    "Convert 68°F to Celsius",
    ["Use the formula C = (F - 32) × 5/9.", "Guess: 68 - 32 = 34.", "34 × 5/9 ≈ 19."],
    "About 19°C",
    { source: "model-a" },
  );
  const other = trace("Convert 68°F to Celsius", EXAMPLE_STEPS, "20°C", { source: "model-b" });
  const ids: string[] = [];
  for (const t of [base, other]) ids.push((await (await request.post("/api/traces", { data: t })).json()).id);

  await page.goto(`/compare?base=${ids[0]}&other=${ids[1]}`);
  await expect(page.getByTestId("compare:first-divergence-marker")).toBeVisible();
  await expect(page.getByTestId("compare:score-delta")).toHaveText(
    `+${(baseline(EXAMPLE_STEPS) - baseline(base.steps.map((s) => s.content))).toFixed(2)}`,
  );
  const path = target("compare.png");
  mkdirSync(dirname(path), { recursive: true });
  await page.screenshot({ path, fullPage: true });
});

test("screenshot: a dataset page with its token histogram and template preview @screenshot", async ({
  page,
  request,
}) => {
  test.setTimeout(90_000);
  const seed = 2026;
  const key = "arithmetic-sft-v1";
  await request.delete(`/api/datasets/${key}`);
  await generate(request, "arithmetic", { count: 400, seed });
  const built = await request.post("/api/datasets/build", {
    data: {
      dataset_name: "arithmetic-sft",
      dataset_version: "v1",
      source: "arithmetic",
      filters: { seed },
      limit: 400,
      split: { val: 0.1, test: 0.1, seed: 0 },
    },
  });
  expect(built.status(), await built.text()).toBe(201);

  await page.goto(`/datasets/${key}`);
  const tokens = page.getByTestId("dataset:tokens");
  await expect(tokens.getByTestId("dataset:histogram")).toBeVisible({ timeout: 60_000 });
  // A max_seq_length at the 90th percentile puts the line inside the bars and cuts about a tenth.
  const p90 = (await tokens.getByTestId("dataset:tokens-p90").textContent())!.replace(/,/g, "");
  await tokens.getByTestId("dataset:max-seq-input").fill(p90);
  await tokens.getByTestId("dataset:max-seq-apply").click();
  await expect(tokens.getByTestId("dataset:max-seq-line")).toHaveAttribute("data-inside", "true");
  await expect(tokens.getByTestId("dataset:max-seq-value")).toHaveText(p90);
  await page.getByTestId("dataset:examples-limit").selectOption("3");
  await expect(page.getByTestId("dataset:example")).toHaveCount(3);
  await expect(page.locator(".is-stale")).toHaveCount(0);

  await page.mouse.move(0, 0);
  // Filling the inputs scrolled the page; from the top, the sticky header is where it belongs and
  // the bounding box below is in page coordinates.
  await page.evaluate(() => window.scrollTo(0, 0));
  const path = target("dataset.png");
  mkdirSync(dirname(path), { recursive: true });
  // Down to the end of "What the model sees": the export table and manifest panel are left out.
  const view = (await page.getByTestId("dataset:model-view").boundingBox())!;
  await page.screenshot({
    path,
    fullPage: true,
    clip: { x: 0, y: 0, width: 1280, height: Math.ceil(view.y + view.height + 20) },
  });
});
