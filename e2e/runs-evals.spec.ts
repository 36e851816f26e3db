import { expect, test } from "@playwright/test";
import { uniqueToken } from "./helpers";
import { buildDataset, cancelActiveRuns } from "./run-helpers";

// Evaluation through the browser, with the fixture trainer of playwright.config.ts: its predict
// works "What is …?" out (a model that learned), and `init` answers nothing (an untrained one).

const target = (name: string) =>
  process.env.UPDATE_SCREENSHOTS === "1" ? `docs/screenshots/${name}` : test.info().outputPath(name);

let datasetKey: string;
let setName: string;

test.describe("evaluations", () => {
  test.beforeAll(async ({ request }) => {
    datasetKey = await buildDataset(request, 12);
    setName = `held-${uniqueToken()}`;
  });
  test.afterEach(async ({ request }) => {
    await cancelActiveRuns(request);
  });

  test("make a held-out eval set, train with continuous evaluation, then evaluate init and the final checkpoint", async ({
    page,
    request,
  }) => {
    test.setTimeout(90_000);
    // 1. A held-out eval set from the Evaluations page.
    await page.goto("/evals");
    const form = page.getByTestId("evals:create-set");
    await form.getByTestId("evals:mode-generator").check();
    await form.getByTestId("evals:set-name").fill(setName);
    await form.getByTestId("evals:set-dataset").selectOption(datasetKey);
    await form.getByTestId("evals:set-count").fill("30");
    await form.getByTestId("evals:set-difficulty").fill("1");
    await form.getByTestId("evals:create-set-submit").click();
    await expect(form.getByTestId("evals:created-set")).toHaveText(`Stored ${setName}-v1: 30 items.`);
    await expect(page.getByTestId(`evals:set-${setName}-v1`)).toContainText(
      `arithmetic, holding out ${datasetKey}`,
    );

    // 2. A training run whose every checkpoint is evaluated on it, ticked in the run form.
    await page.goto(`/runs?train=${encodeURIComponent(datasetKey)}`);
    const run = page.getByTestId("runs:form");
    await run.getByTestId("runs:field-trainer").selectOption("fixture");
    await run.getByTestId("runs:field-model_id").fill("tiny");
    await run
      .getByTestId("runs:field-trainer_options")
      .fill(JSON.stringify({ lines: 30, interval_ms: 60, checkpoint_every: 10 }));
    await run.getByTestId(`runs:eval-set-${setName}-v1`).check();
    await run.getByTestId("runs:start").click();
    await expect(page).toHaveURL(/\/runs\/[0-9a-f-]{36}$/);
    const runId = page.url().split("/").pop()!;
    const card = page.getByTestId("run:evaluations");
    await expect(card.getByTestId("run:eval-points").locator("tbody tr")).toHaveCount(3, { timeout: 30_000 });
    await expect(card.getByTestId("run:eval-points")).not.toContainText(/pending|running/, {
      timeout: 30_000,
    });
    await expect(card.getByTestId("run:eval-chart").locator("canvas")).toBeVisible();
    await expect(card.getByTestId("run:best-checkpoint")).toHaveAttribute("data-step", "30");
    await expect(card.getByTestId("run:eval-points")).toContainText("100.0% (");

    // 3. The untrained model on the same set, from the run's card: 0%, every item wrong, shown in full.
    await card.getByTestId("run:evaluate-open").click();
    await card.getByTestId("evals:evaluate-checkpoint").fill("init");
    await card.getByTestId("evals:evaluate-submit").click();
    await expect(page).toHaveURL(/\/evals\/[0-9a-f-]{36}$/);
    await expect(page.getByTestId("evals:status")).toHaveAttribute("data-status", "completed", {
      timeout: 30_000,
    });
    await expect(page.getByTestId("evals:accuracy")).toHaveText("0.0%");
    await expect(page.getByTestId("evals:verdict")).toHaveText("fail");
    await expect(page.getByTestId("evals:item")).toHaveCount(25); // the first page of wrong items
    await page.getByTestId("evals:item").first().locator("summary").click();
    await expect(page.getByTestId("evals:item-output").first()).toBeVisible();

    // 4. The final checkpoint from the Evaluations page: 100%, no wrong items, the answer highlighted.
    await page.goto("/evals");
    const ev = page.getByTestId("evals:evaluate-form");
    await ev.getByTestId("evals:evaluate-set").selectOption(`${setName}-v1`);
    await ev.getByTestId("evals:evaluate-run").selectOption(runId);
    await ev.getByTestId("evals:evaluate-checkpoint").fill("final");
    await ev.getByTestId("evals:evaluate-submit").click();
    await expect(page.getByTestId("evals:status")).toHaveAttribute("data-status", "completed", {
      timeout: 30_000,
    });
    await expect(page.getByTestId("evals:accuracy")).toHaveText("100.0%");
    await expect(page.getByTestId("evals:verdict")).toHaveText("pass");
    await expect(page.getByTestId("evals:items-empty")).toHaveText("No wrong items.");
    await page.getByTestId("evals:filter-all").check();
    await page.getByTestId("evals:item").first().locator("summary").click();
    const mark = page.getByTestId("evals:item-answer").first();
    await expect(mark).toHaveClass(/answer-right/);
    const detail = (await (await request.get(page.url().replace("/evals/", "/api/evals/runs/"))).json()) as {
      summary: { n: number; correct: number };
    };
    expect(detail.summary).toMatchObject({ n: 30, correct: 30 });

    // Against the untrained model on the same items: the difference with its paired interval.
    const cmp = page.getByTestId("evals:comparison");
    await expect(cmp).toHaveAttribute("data-conclusion", "candidate_better");
    await expect(page.getByTestId("evals:difference")).toHaveText("+100.0 points");
    await expect(cmp).toContainText("30 right only here, 0 only in the baseline");
    await expect(page.getByTestId("evals:baseline").locator("option:checked")).toContainText(
      "untrained init",
    );
  });

  test("screenshot: an evaluation and a run's evaluation over steps @screenshot", async ({
    page,
    request,
  }) => {
    test.setTimeout(60_000);
    const shot = `arith-heldout-${uniqueToken()}`;
    const made = await request.post("/api/evals/sets/build", {
      data: {
        name: shot,
        version: "v1",
        source: {
          kind: "generator",
          generator: "arithmetic",
          count: 50,
          seed: 9,
          exclude_dataset: datasetKey,
        },
      },
    });
    expect(made.status(), await made.text()).toBe(201);
    const res = await request.post("/api/tunix/run?mode=async", {
      data: {
        dataset_key: datasetKey,
        model_id: "tiny",
        trainer: "fixture",
        dry_run: false,
        eval_sets: [`${shot}-v1`],
        trainer_options: { lines: 40, interval_ms: 20, checkpoint_every: 10 },
      },
    });
    expect(res.status(), await res.text()).toBe(202);
    const runId = (await res.json()).run_id;
    await page.goto(`/runs/${runId}`);
    const points = page.getByTestId("run:eval-points");
    await expect(points.locator("tbody tr")).toHaveCount(4, { timeout: 30_000 });
    await expect(points).not.toContainText(/pending|running/, { timeout: 30_000 });
    const card = page.getByTestId("run:evaluations");
    await card.screenshot({ path: target("run-evaluation.png") });
    const init = await request.post("/api/evals/runs", {
      data: { eval_set: `${shot}-v1`, model: { run_id: runId, checkpoint: "init" } },
    });
    await page.goto(`/evals/${(await init.json()).evaluation_id}`);
    await expect(page.getByTestId("evals:status")).toHaveAttribute("data-status", "completed", {
      timeout: 30_000,
    });
    await page.getByTestId("evals:item").first().locator("summary").click();
    await page.screenshot({ path: target("evaluation.png"), fullPage: true });
  });
});
