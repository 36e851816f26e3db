import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { type APIRequestContext, expect, test } from "@playwright/test";
import { baseline, trace } from "./helpers";

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

async function clearTraces(request: APIRequestContext) {
  for (;;) {
    const page = await (await request.get("/api/traces?limit=100")).json();
    if (page.data.length === 0) return;
    for (const t of page.data) expect((await request.delete(`/api/traces/${t.id}`)).status()).toBe(204);
  }
}

test("screenshot: the Traces page with a trace open @screenshot", async ({ page, request }) => {
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
  await expect(rows.first()).toContainText("baseline 28.06");
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
