import { expect, type Page, test } from "@playwright/test";
import { uniqueToken } from "./helpers";
import { buildDataset, submitFixtureRun, untilCompleted } from "./run-helpers";

// From the leaderboard to the model-vs-model view to a registered model, with two fixture models
// whose predict gets every 4th (A) or every 5th (B) held-out item wrong.

const completed = (page: Page, path: string) => untilCompleted(page.request, path);

test("leaderboard → compare two models item by item → promote the best → its model page", async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const datasetKey = await buildDataset(request, 12);
  const token = uniqueToken();
  const runs: Record<string, string> = {};
  for (const [name, every] of [
    [`A-${token}`, 4],
    [`B-${token}`, 5],
  ] as const) {
    runs[name] = await submitFixtureRun(request, datasetKey, {
      name,
      trainer_options: { lines: 4, checkpoint_every: 4, predict_wrong_every: every },
    });
  }
  for (const id of Object.values(runs)) await completed(page, `/api/tunix/runs/${id}`);
  const set = `board-${token}`;
  const built = await request.post("/api/evals/sets/build", {
    data: {
      name: set,
      version: "v1",
      source: { kind: "generator", generator: "arithmetic", count: 40, seed: 4, exclude_dataset: datasetKey },
    },
  });
  expect(built.status(), await built.text()).toBe(201);
  for (const id of Object.values(runs)) {
    const e = await request.post("/api/evals/runs", {
      data: { eval_set: `${set}-v1`, model: { run_id: id } },
    });
    await completed(page, `/api/tunix/runs/${(await e.json()).evaluation_id}`);
  }

  // The board: B (80%) above A (75%), with intervals.
  await page.goto(`/leaderboard?eval_set=${set}-v1&dataset=${datasetKey}`);
  const table = page.getByTestId("board:table");
  await expect(table.locator("tbody tr")).toHaveCount(2);
  await expect(page.getByTestId("board:row-0")).toContainText(`B-${token} @ step 4`);
  await expect(page.getByTestId(`board:cell-0-${set}-v1`)).toContainText(/80\.0% \[\d+\.\d%–\d+\.\d%\] n=40/);
  await expect(page.getByTestId(`board:cell-1-${set}-v1`)).toContainText("75.0%");

  // A date filter after the evaluations: nobody left.
  await page.getByTestId("board:filter-evaluated_after").fill("2999-01-01T00:00");
  await page.getByTestId("board:apply").click();
  await expect(page.getByTestId("board:empty")).toBeVisible();
  await page.getByTestId("board:filter-evaluated_after").fill("");
  await page.getByTestId("board:apply").click();
  await expect(table.locator("tbody tr")).toHaveCount(2);

  // Two ticked → model vs model: counts, tests, the flipped items, one item's reasoning aligned.
  await page.getByTestId("board:select-1").check();
  await page.getByTestId("board:select-0").check();
  await page.getByTestId("board:compare").click();
  await expect(page).toHaveURL(/\/evals\/compare\?baseline=.+&candidate=.+/);
  await expect(page.getByTestId("mvm:difference")).toContainText("+5.0 points");
  await expect(page.getByTestId("mvm:difference")).toContainText("McNemar p = 0.791");
  await expect(page.getByTestId("mvm:counts")).toContainText("8 items went wrong → right, 6 right → wrong");
  await expect(page.getByTestId("mvm:items").locator("li")).toHaveCount(14);
  await page.getByTestId("mvm:change-regressed").click();
  await expect(page.getByTestId("mvm:items").locator("li")).toHaveCount(6);
  await page.getByTestId("mvm:item-5").click();
  const item = page.getByTestId("mvm:item");
  await expect(item.getByTestId("mvm:output-baseline")).toContainText("Answer:");
  await expect(item.getByTestId("compare:first-divergence-marker")).toBeVisible();
  await expect(item.getByTestId("compare:pair-0")).toHaveAttribute("data-kind", "changed");

  // Back on the board: the evidence first, then the promotion.
  await page.goBack();
  await page.getByTestId("board:promote-name").fill(`arith-${token}`);
  await page.getByTestId("board:promote-look").click();
  const evidence = page.getByTestId("board:evidence");
  await expect(evidence).toContainText(`${runs[`B-${token}`]}:checkpoints/4`);
  await expect(page.getByTestId("board:evidence-runner-up")).toContainText(
    "not shown to be better beyond noise",
  );
  await page.getByTestId("board:promote-confirm").click();
  await expect(page.getByTestId("board:promoted")).toContainText(`model:arith-${token}@1`);
  await page.getByTestId("board:promoted").getByRole("link").click();

  // The model page: lineage, evaluations at promotion, a working download, a movable alias, the gate.
  await expect(page).toHaveURL(new RegExp(`/models/arith-${token}$`));
  const version = page.getByTestId("model:version");
  await expect(version).toContainText(`B-${token}`);
  await expect(version).toContainText(datasetKey);
  await expect(page.getByTestId("model:evaluations")).toContainText(`${set}-v1: 80.0%`);
  const href = await page.getByTestId("model:download").getAttribute("href");
  const tar = await request.get(href!);
  expect(tar.status()).toBe(200);
  expect(tar.headers()["content-type"]).toBe("application/x-tar");
  await page.getByTestId("model:alias-set").click();
  await expect(version.locator(".card-title .tag")).toHaveText(["production"]);

  await request.post("/api/regression/baselines", {
    data: { name: `gate-${token}`, model: runs[`A-${token}`], eval_set: `${set}-v1` },
  });
  await page.reload();
  await page.getByTestId("model:gate-baseline").selectOption(`gate-${token}`);
  await page.getByTestId("model:gate-check").click();
  await expect(page.getByTestId("model:gate-result")).toHaveAttribute("data-verdict", "pass");
  await expect(page.getByTestId("model:gate-result")).toContainText("80.0% vs 75.0% on 40 items");
  await page.goto("/models");
  await expect(page.getByTestId(`models:row-arith-${token}`)).toContainText("production → v1");
});
