import { expect, type Page, test } from "@playwright/test";
import { buildDataset, submitFixtureRun, untilCompleted } from "./run-helpers";

// Three fixture runs (train/loss = 10 / step for `lines` steps) that differ in learning rate and
// length, compared the way a user does it: tick them in the list, open the compare view.

const target = (name: string) =>
  process.env.UPDATE_SCREENSHOTS === "1" ? `docs/screenshots/${name}` : test.info().outputPath(name);

const finished = (page: Page, id: string) => untilCompleted(page.request, `/api/tunix/runs/${id}`, 20_000);

test("pick three runs in the list → their curves overlaid, what differed, final and best; the URL restores it", async ({
  page,
  request,
}) => {
  const datasetKey = await buildDataset(request, 8);
  const ids: string[] = [];
  for (const [lr, lines] of [
    [0.004, 30],
    [0.002, 30],
    [0.002, 60],
  ] as const) {
    ids.push(await submitFixtureRun(request, datasetKey, { learning_rate: lr, trainer_options: { lines } }));
  }
  for (const id of ids) await finished(page, id);

  await page.goto("/runs");
  await expect(page.getByTestId("runs:compare")).toBeDisabled();
  for (const id of ids) await page.getByTestId(`runs:select-${id}`).check();
  await expect(page.getByTestId("runs:compare")).toHaveText("Compare 3 runs");
  await page.getByTestId("runs:compare").click();
  await expect(page).toHaveURL(`/runs/compare?ids=${ids.join(",")}`);

  const check = async () => {
    // One chart per metric, one line per run, each named by what set it apart.
    const loss = page.getByTestId("compare:chart-train/loss");
    await expect(loss).toHaveAttribute("data-series", "3");
    const legend = loss.locator(".u-legend .u-series");
    await expect(legend).toHaveCount(4); // the step, then the three runs
    // Submitted together, their ids usually share the 8-character time prefix: then the last 4
    // characters tell them apart.
    const short = (id: string) =>
      ids.filter((x) => x.slice(0, 8) === id.slice(0, 8)).length > 1
        ? `${id.slice(0, 8)}…${id.slice(-4)}`
        : id.slice(0, 8);
    await expect(legend.nth(1)).toContainText(`${short(ids[0]!)} · learning_rate 0.004 · lines 30`);
    await expect(legend.nth(3)).toContainText(`${short(ids[2]!)} · learning_rate 0.002 · lines 60`);
    // Hovering a step lists every run's value there: at step 20, 10 / 20 for the three.
    const over = loss.locator(".u-over");
    const box = (await over.boundingBox())!;
    await page.mouse.move(box.x + box.width * (20 / 60), box.y + box.height / 2);
    await expect(legend.nth(0).locator(".u-value")).toHaveText(/^(19|20|21)$/);
    for (const i of [1, 2, 3])
      await expect(legend.nth(i).locator(".u-value")).toHaveText(/^0\.(5|52\d*|47\d*)/);

    // Only what differed, then every setting on request.
    const params = page.getByTestId("compare:params");
    await expect(params.getByTestId("compare:param-learning_rate")).toContainText("0.0040.0020.002");
    await expect(params.getByTestId("compare:param-trainer_options.lines")).toContainText("303060");
    await expect(params.getByTestId("compare:param-trainer")).toHaveCount(0);
    await page.getByText(/show the \d+ that are the same/).click();
    await expect(params.getByTestId("compare:param-trainer")).toContainText("fixture");
    await page.getByText(/show the \d+ that are the same/).click();

    // Final values side by side, the best one marked; the best point where it differs from the final.
    const loss2 = page.getByTestId("compare:metric-train/loss");
    await expect(loss2.locator("td")).toHaveText(["train/loss ↓", "0.333", "0.333", "0.167"]);
    await expect(loss2.locator("td.compare-best")).toHaveText("0.167");
  };
  await check();
  await page.reload();
  await check();
  await page.getByTestId("compare:chart-train/loss").scrollIntoViewIfNeeded();
  await page.screenshot({ path: target("compare-runs.png"), fullPage: true });

  // A run named on its page goes by that name in the list and in the comparison.
  await page.goto(`/runs/${ids[2]}`);
  await page.getByTestId("run:rename").click();
  await page.getByTestId("run:rename-input").fill("longer run");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("run:name")).toHaveText("longer run");
  await page.goto("/runs");
  await expect(page.getByTestId(`runs:name-${ids[2]}`)).toHaveText("longer run");
  await page.goto(`/runs/compare?ids=${ids.join(",")}`);
  await expect(
    page.getByTestId("compare:chart-train/loss").locator(".u-legend .u-series").nth(3),
  ).toContainText("longer run");

  // Links lead to each run; too few ids say what to do.
  await page.goto(`/runs/compare?ids=${ids[0]}`);
  await expect(page.getByTestId("compare:too-few")).toBeVisible();
});

test("the runs list: any config field or final metric as a column, sorted by its header, a dataset's runs ticked at once", async ({
  page,
  request,
}) => {
  const datasetKey = await buildDataset(request, 8);
  const ids: string[] = [];
  for (const [lr, lines] of [
    [0.003, 20],
    [0.001, 40],
    [0.002, 10],
  ] as const) {
    ids.push(await submitFixtureRun(request, datasetKey, { learning_rate: lr, trainer_options: { lines } }));
  }
  for (const id of ids) await finished(page, id);

  await page.goto(`/runs?dataset=${datasetKey}`);
  const table = page.getByTestId("runs:list");
  await expect(table.locator("tbody tr")).toHaveCount(3);
  await page.getByTestId("runs:columns").locator("summary").click();
  await page.getByTestId("runs:column-add-input").fill("config:learning_rate");
  await page.getByTestId("runs:column-add").click();
  await page.getByTestId("runs:column-add-input").fill("metric:train/loss");
  await page.getByTestId("runs:column-add").click();
  await page.getByTestId("runs:column-trainer").uncheck();
  await page.getByTestId("runs:columns").locator("summary").click();
  await expect(table.locator("th[data-col=trainer]")).toHaveCount(0);

  const lr = table.locator('tbody td[data-col="config:learning_rate"]');
  const loss = table.locator('tbody td[data-col="metric:train/loss"]');
  // Newest first: the 0.002 run (10 steps: loss 10/10 = 1) was submitted last.
  await expect(lr).toHaveText(["0.002", "0.001", "0.003"]);
  await expect(loss).toHaveText(["1", "0.25", "0.5"]);

  await page.getByTestId("runs:sort-config:learning_rate").click();
  await expect(lr).toHaveText(["0.003", "0.002", "0.001"]);
  await page.getByTestId("runs:sort-metric:train/loss").click();
  await expect(loss).toHaveText(["1", "0.5", "0.25"]);
  await page.getByTestId("runs:sort-metric:train/loss").click();
  await expect(loss).toHaveText(["0.25", "0.5", "1"]);
  await expect(page).toHaveURL(/sort=metric%3Atrain%2Floss|sort=metric:train\/loss/);

  // The columns are remembered, the sort is in the URL.
  await page.reload();
  await expect(loss).toHaveText(["0.25", "0.5", "1"]);
  await expect(lr).toHaveText(["0.001", "0.003", "0.002"]);

  // The dataset's runs, ticked in one go, opens in the compare view.
  await page.getByTestId("runs:select-page").check();
  await expect(page.getByTestId("runs:compare")).toHaveText("Compare 3 runs");
  await page.getByTestId("runs:compare").click();
  await expect(page).toHaveURL(/\/runs\/compare\?ids=/);
  await expect(page.getByTestId("compare:chart-train/loss").locator(".u-legend .u-series")).toHaveCount(4);

  // Leave the list's columns as they were for other journeys.
  await page.evaluate(() => localStorage.removeItem("tunix-rt.runs.columns"));
});
