import { expect, type Page, test } from "@playwright/test";
import { uniqueToken } from "./helpers";
import { buildDataset, submitFixtureRun, untilCompleted } from "./run-helpers";

// The detail pages (a run, a dataset, an evaluation, a comparison) on a 390 px phone, and a log
// line far wider than the screen, read in full by scrolling the log sideways.

const overflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** The elements reaching past the screen's edge (outside any scrolling box), to name in a failure. */
const tooWide = (page: Page) =>
  page.evaluate(() => {
    const edge = document.documentElement.clientWidth + 1;
    const scrolls = (el: Element) => ["auto", "scroll", "hidden"].includes(getComputedStyle(el).overflowX);
    return [...document.querySelectorAll("body *")]
      .filter((el) => el.getBoundingClientRect().right > edge)
      .filter((el) => {
        for (let a = el.parentElement; a; a = a.parentElement)
          if (scrolls(a) && a.getBoundingClientRect().right <= edge) return false;
        return true;
      })
      .slice(0, 5)
      .map(
        (el) =>
          `${el.tagName.toLowerCase()}.${String(el.className).replace(/ /g, ".")}[${el.getAttribute("data-testid") ?? el.getAttribute("type") ?? ""}] in .${String(el.parentElement?.className)}`,
      )
      .join(", ");
  });

const completed = (page: Page, path: string) => untilCompleted(page.request, path);

test("detail pages fit a phone, and a 600-character log line is there in full", async ({ page, request }) => {
  test.setTimeout(90_000);
  const datasetKey = await buildDataset(request, 8);
  const runIds: string[] = [];
  for (const lines of [12, 6]) {
    runIds.push(
      await submitFixtureRun(request, datasetKey, {
        trainer_options: { lines, checkpoint_every: 6, long_line: 600 },
      }),
    );
  }
  for (const id of runIds) await completed(page, `/api/tunix/runs/${id}`);
  const setName = `phone-${uniqueToken()}`;
  const set = await request.post("/api/evals/sets/build", {
    data: { name: setName, version: "v1", source: { kind: "generator", generator: "arithmetic", count: 10 } },
  });
  expect(set.status(), await set.text()).toBe(201);
  const evalRun = await request.post("/api/evals/runs", {
    data: { eval_set: `${setName}-v1`, model: { run_id: runIds[0] } },
  });
  expect(evalRun.status(), await evalRun.text()).toBe(202);
  const evalId = (await evalRun.json()).evaluation_id;
  await completed(page, `/api/tunix/runs/${evalId}`);

  // The long line: all 600 characters are in the line, and the log scrolls sideways to show them.
  await page.goto(`/runs/${runIds[0]}`);
  const long = page.locator('[data-testid="run:log-line"]', { hasText: "x".repeat(600) });
  await expect(long).toBeVisible();
  const scroll = page.getByTestId("run:log-scroll");
  expect(await scroll.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  await scroll.evaluate((el) => {
    el.scrollLeft = el.scrollWidth;
  });
  const [lineRight, boxRight] = await Promise.all([
    long.locator(".log-text").evaluate((el) => el.getBoundingClientRect().right),
    scroll.evaluate((el) => el.getBoundingClientRect().right),
  ]);
  expect(lineRight).toBeLessThanOrEqual(boxRight + 1);

  await page.setViewportSize({ width: 390, height: 844 });
  for (const path of [
    `/runs/${runIds[0]}`,
    `/datasets/${datasetKey}`,
    `/evals/${evalId}`,
    `/runs/compare?ids=${runIds.join(",")}`,
    `/evals`,
  ]) {
    await page.goto(path);
    await expect(page.locator("main")).not.toBeEmpty();
    await expect(page.locator("main h1").first()).toBeVisible();
    expect(await overflow(page), `${path}: ${await tooWide(page)}`).toBeLessThanOrEqual(0);
  }
});
