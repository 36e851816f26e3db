import { mkdirSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import { expect, type Locator, type Page, test } from "@playwright/test";
import { startDropProxy } from "./drop-proxy";
import { buildDataset, cancelActiveRuns, logLine, startRun } from "./run-helpers";

// Runs go through the server's in-process worker and the fixture trainer that playwright.config.ts
// registers (apps/worker/test-fixtures/fixture-trainer.mjs): trainer_options shape its output:
// `lines` log lines `interval_ms` apart (every `stderr_every`th to stderr), one train/loss point
// (10 / step) per line, a checkpoint every `checkpoint_every` steps and one on SIGTERM.
// The worker runs one run at a time, so every journey leaves none running behind it.

const target = (name: string) =>
  process.env.UPDATE_SCREENSHOTS === "1" ? `docs/screenshots/${name}` : test.info().outputPath(name);

let datasetKey: string;

/** The run form with this journey's dataset and the fixture trainer picked. */
async function openForm(page: Page, options: Record<string, unknown>, { navigate = true } = {}) {
  if (navigate) await page.goto(`/runs?train=${encodeURIComponent(datasetKey)}`);
  const form = page.getByTestId("runs:form");
  await expect(form.getByTestId("runs:field-dataset_key")).toHaveValue(datasetKey);
  await form.getByTestId("runs:field-trainer").selectOption("fixture");
  // The fixture trainer has no preset model (jax and tunix do): the form asks for one.
  await form.getByTestId("runs:field-model_id").fill("tiny");
  await form.getByTestId("runs:field-trainer_options").fill(JSON.stringify(options));
  return form;
}

/** The number of lines the log viewer holds ("1,234 lines"). */
async function shownLines(page: Page) {
  const text = (await page.getByTestId("run:log-count").textContent()) ?? "";
  return Number(/^([\d,]+) lines?$/.exec(text)?.[1]?.replace(/,/g, "") ?? Number.NaN);
}

async function download(page: Page, link: Locator) {
  const [file] = await Promise.all([page.waitForEvent("download"), link.click()]);
  return { name: file.suggestedFilename(), body: readFileSync(await file.path()) };
}

test.describe("runs", () => {
  test.beforeAll(async ({ request }) => {
    datasetKey = await buildDataset(request, 12);
  });

  test.afterEach(async ({ request }) => {
    await cancelActiveRuns(request);
  });

  test("submit from the form → live log lines appear → cancel with confirmation → cancelled; resume from its checkpoint", async ({
    page,
    request,
  }) => {
    test.setTimeout(60_000);
    await page.goto("/traces");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Runs" }).click();
    await expect(page).toHaveURL(/\/runs$/);
    // A dataset's page leads to the form with that dataset picked.
    await page.goto(`/datasets/${encodeURIComponent(datasetKey)}`);
    await page.getByTestId("dataset:train").click();
    await expect(page).toHaveURL(`/runs?train=${encodeURIComponent(datasetKey)}`);

    const form = await openForm(
      page,
      { lines: 5000, interval_ms: 100, checkpoint_every: 10 },
      { navigate: false },
    );
    const id = await startRun(page, form);

    // Lines arrive over SSE while the trainer is still printing them.
    await expect(page.getByTestId("run:log-connection")).toHaveAttribute("data-state", "live");
    await expect(logLine(page, "line 3 step 3 t=")).toBeVisible();
    await expect(page.getByTestId("run:status")).toHaveAttribute("data-status", "running");
    await expect(page.getByTestId("run:tl-started")).toHaveAttribute("data-state", "done");
    await expect(page.getByTestId("run:worker")).not.toHaveText("—");
    // The view follows the newest line: a later one shows up by itself.
    await expect(logLine(page, "line 25 step 25 t=")).toBeVisible();
    // The header says how far it has trained and how fast (no max_steps here, so no ETA).
    await expect(page.getByTestId("run:progress")).toContainText(/step \d+ · [\d.]+ steps\/s/);

    // The first click only asks; keeping it running changes nothing.
    await page.getByTestId("run:cancel").click();
    await expect(page.getByTestId("run:cancel-confirm-box")).toContainText("SIGTERM");
    await page.getByTestId("run:cancel-dismiss").click();
    await expect(page.getByTestId("run:cancel-confirm-box")).toHaveCount(0);
    await expect(page.getByTestId("run:status")).toHaveAttribute("data-status", "running");

    await page.getByTestId("run:cancel").click();
    await page.getByTestId("run:cancel-confirm").click();
    await expect(page.getByTestId("run:status")).toHaveAttribute("data-status", "cancelled");
    await expect(page.getByTestId("run:status")).toHaveText("cancelled");
    await expect(page.getByTestId("run:tl-ended")).toContainText("Ended: cancelled");
    await expect(page.getByTestId("run:progress")).toHaveCount(0);
    // The trainer's SIGTERM handler saved a checkpoint; the stream ended after the final status.
    await expect(logLine(page, "SIGTERM: saved checkpoint at step")).toBeVisible();
    await expect(page.getByTestId("run:log-connection")).toHaveAttribute("data-state", "ended");
    const saved = (await logLine(page, "SIGTERM: saved checkpoint at step").textContent())!;
    const step = Number(/at step (\d+)/.exec(saved)![1]);
    await expect(page.getByTestId("run:resumable-from")).toHaveText(`checkpoints/${step}`);
    await expect(page.getByTestId("run:cancel")).toHaveCount(0);

    const detail = await (await request.get(`/api/tunix/runs/${id}`)).json();
    expect(detail.status).toBe("cancelled");

    // The list shows it cancelled too.
    await page.getByRole("link", { name: "Runs", exact: true }).first().click();
    await expect(page.getByTestId(`runs:status-${id}`)).toHaveAttribute("data-status", "cancelled");
    await page.getByTestId(`runs:link-${id}`).click();

    // Resuming makes a new run that starts from that checkpoint.
    await page.getByTestId("run:resume").click();
    await expect(page).not.toHaveURL(new RegExp(id));
    await expect(page.getByTestId("run:retry-of")).toHaveAttribute("href", `/runs/${id}`);
    await expect(logLine(page, `resuming from step ${step}`)).toBeVisible();
    await expect(logLine(page, `step ${step + 1} t=`)).toBeVisible();
    // Its loss curve continues the parent's: the parent's points up to that step, drawn dashed.
    const resumedChart = page.locator('[data-testid="run:chart"][data-name="train/loss"]');
    await expect(resumedChart).toHaveAttribute("data-parent-points", String(step));
    await expect(resumedChart.getByTestId("run:chart-parent")).toHaveText(
      `dashed: resumed from run ${id.slice(0, 8)}`,
    );
  });

  test("submit → completes → loss chart, stderr marked, log search, artifacts with checkpoints and run.json → downloads", async ({
    page,
  }) => {
    test.setTimeout(60_000);
    const form = await openForm(page, { lines: 40, interval_ms: 5, checkpoint_every: 10, stderr_every: 7 });
    const id = await startRun(page, form);

    await expect(page.getByTestId("run:status")).toHaveAttribute("data-status", "completed", {
      timeout: 20_000,
    });
    await expect(page.getByTestId("run:exit-code")).toHaveText("0");
    await expect(page.getByTestId("run:tl-ended")).toContainText("Ended: completed");
    // Finished with checkpoints, yet there is nothing to resume: going again, edited, comes first.
    await expect(page.getByTestId("run:resume")).toHaveCount(0);
    await expect(page.getByTestId("run:edit")).toHaveClass(/btn-primary/);
    await expect(logLine(page, "line 40 step 40 t=")).toBeVisible();
    await expect(page.getByTestId("run:log-connection")).toHaveAttribute("data-state", "ended");

    // One loss point per line, all of them on the chart; the readout says the last one.
    const chart = page.locator('[data-testid="run:chart"][data-name="train/loss"]');
    await expect(chart).toHaveAttribute("data-points", "40");
    await expect(chart.locator("canvas")).toBeVisible();
    await expect(chart.getByTestId("run:chart-readout")).toHaveText("0.25 at step 40");
    await expect(page.getByTestId("run:final-metrics")).toContainText("train/loss");
    // Hovering reads the value at the step under the cursor (train/loss = 10 / step).
    await page.evaluate(() => window.scrollTo(0, 0));
    const plot = chart.locator(".u-over");
    // (Moved again until it reads: new data arriving just then resets uPlot's cursor.)
    await expect(async () => {
      const box = (await plot.boundingBox())!;
      await page.mouse.move(box.x + box.width * ((10 - 1) / (40 - 1)), box.y + box.height / 2, { steps: 3 });
      await expect(chart.getByTestId("run:chart-readout")).toHaveText(
        /^(1\.11|1|0\.909) at step (9|10|11)$/,
        {
          timeout: 1000,
        },
      );
    }).toPass({ timeout: 10_000 });
    await page.mouse.move(0, 0);
    await expect(chart.getByTestId("run:chart-readout")).toHaveText("0.25 at step 40");
    // On a 1440 × 900 laptop screen the curve is in view without scrolling.
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.evaluate(() => window.scrollTo(0, 0));
    const top = (await chart.locator("canvas").boundingBox())!;
    expect(top.y + top.height).toBeLessThanOrEqual(900);
    await page.setViewportSize({ width: 1280, height: 900 });
    // Dragging across steps 10 to 30 zooms into them; a double-click shows the whole run again.
    await page.evaluate(() => window.scrollTo(0, 0));
    {
      const box = (await plot.boundingBox())!;
      const x = (step: number) => box.x + box.width * ((step - 1) / (40 - 1));
      await page.mouse.move(x(10), box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(x(30), box.y + box.height / 2, { steps: 5 });
      await page.mouse.up();
      await expect(chart).toHaveAttribute("data-zoom", /^(9|10|11)-(29|30|31)$/);
      await expect(chart.getByTestId("run:chart-zoom")).toContainText("double-click to see all");
      await page.mouse.dblclick(x(20), box.y + box.height / 2);
      await expect(chart).toHaveAttribute("data-zoom", "all");
      await page.mouse.move(0, 0);
    }
    // Smoothing draws a moving average over a faint raw line.
    await chart.getByTestId("run:chart-smoothing").fill("0.9");
    await expect(chart).toHaveAttribute("data-smoothing", "0.9");
    // A loss spans decades: a log axis shows its tail.
    await chart.getByTestId("run:chart-log").check();
    await expect(chart).toHaveAttribute("data-scale", "log");
    await expect(chart.locator("canvas")).toBeVisible();

    // Lines 7, 14, 21, 28 and 35 went to stderr, and are marked.
    await expect(logLine(page, "line 35 step 35 t=")).toHaveAttribute("data-stream", "stderr");
    await expect(logLine(page, "line 36 step 36 t=")).toHaveAttribute("data-stream", "stdout");
    await page.getByTestId("run:log-stderr-only").check();
    await expect(page.getByTestId("run:log-count")).toHaveText(/^5 of \d+ lines match$/);
    await expect(page.getByTestId("run:log-line")).toHaveCount(5);
    await page.getByTestId("run:log-stderr-only").uncheck();
    await page.getByTestId("run:log-search").fill("STEP 1");
    // "step 1 t=", "step 10" … "step 19": eleven lines, the match highlighted.
    await expect(page.getByTestId("run:log-count")).toHaveText(/^11 of \d+ lines match$/);
    await expect(page.getByTestId("run:log-line").first().locator("mark")).toHaveText("step 1");
    await page.getByTestId("run:log-search").fill("");

    // Artifacts: checkpoints (a directory, open) with one folder per saved step, and run.json.
    const artifacts = page.getByTestId("run:artifacts");
    await expect(artifacts.getByTestId("run:artifact-checkpoints")).toHaveAttribute("data-type", "dir");
    for (const s of [10, 20, 30, 40])
      await expect(artifacts.getByTestId(`run:artifact-checkpoints/${s}`)).toBeVisible();
    await expect(artifacts.getByTestId("run:artifact-checkpoints/10/step.txt")).toHaveCount(0);
    await artifacts.getByTestId("run:artifact-toggle-checkpoints/10").click();
    await expect(artifacts.getByTestId("run:artifact-checkpoints/10/step.txt")).toBeVisible();
    await expect(artifacts.getByTestId("run:artifact-run.json")).toHaveAttribute("data-type", "file");

    const runJson = await download(page, artifacts.getByTestId("run:artifact-download-run.json"));
    expect(runJson.name).toBe("run.json");
    const config = JSON.parse(runJson.body.toString("utf8"));
    expect(config.run_id).toBe(id);
    expect(config.trainer_options).toEqual({
      lines: 40,
      interval_ms: 5,
      checkpoint_every: 10,
      stderr_every: 7,
    });

    // A checkpoint directory comes as a tar with its files under <step>/.
    const tar = await download(page, artifacts.getByTestId("run:artifact-download-checkpoints/20"));
    expect(tar.name).toBe("20.tar");
    expect(tar.body.length % 512).toBe(0);
    expect(tar.body.toString("latin1")).toContain("20/step.txt");

    const log = await download(page, page.getByTestId("run:logs-download"));
    expect(log.name).toBe(`run-${id}.log`);
    const text = log.body.toString("utf8");
    expect(text).toContain("line 40 step 40 t=");
    expect(text).toMatch(/^\[stderr\] line 7 step 7 t=/m);

    // "Edit & submit again" opens the form filled from this run's config.
    await page.getByTestId("run:edit").click();
    await expect(page).toHaveURL(new RegExp(`/runs\\?from=${id}$`));
    const again = page.getByTestId("runs:form");
    await expect(again.getByTestId("runs:field-dataset_key")).toHaveValue(datasetKey);
    await expect(again.getByTestId("runs:field-trainer")).toHaveValue("fixture");
    expect(JSON.parse(await again.getByTestId("runs:field-trainer_options").inputValue())).toEqual(
      config.trainer_options,
    );
  });

  test("a dry run shows each finding and starts nothing", async ({ page }) => {
    const form = await openForm(page, { lines: 3 });
    await form.getByTestId("runs:field-max_seq_length").fill("64");
    await form.getByTestId("runs:dry-run").click();
    const findings = form.getByTestId("runs:findings");
    await expect(findings).toHaveAttribute("data-ok", "true");
    await expect(findings).toContainText("Dry run passed");
    await expect(findings.getByTestId("runs:findings-dataset")).toHaveAttribute("data-ok", "true");
    await expect(findings.getByTestId("runs:findings-dataset")).toContainText(`${datasetKey}: 12 traces`);
    await expect(findings.getByTestId("runs:findings-trainer")).toContainText(
      "fixture is offered by a live worker",
    );
    await expect(findings.getByTestId("runs:findings-token-budget")).toContainText("12 training examples");
    await expect(findings.getByTestId("runs:findings-token-budget")).toContainText("max_seq_length 64");
    await expect(page).toHaveURL(/\/runs\?/);

    // It is recorded as a dry run, listed with the dry runs and not with the runs.
    const dryRunId = await form.getByTestId("runs:dry-run-link").getAttribute("data-run-id");
    await page.getByTestId("runs:filter-dataset").fill(datasetKey);
    await page.getByTestId("runs:filter-apply").click();
    await expect(page).toHaveURL(/dataset=/);
    await expect(page.getByTestId("runs:list").or(page.getByTestId("runs:empty"))).toBeVisible();
    await expect(page.getByTestId("runs:list-section")).toHaveAttribute("aria-busy", "false");
    await expect(page.getByTestId(`runs:row-${dryRunId}`)).toHaveCount(0);
    await page.getByTestId("runs:filter-mode").selectOption("dry-run");
    await expect(page).toHaveURL(/mode=dry-run/);
    const row = page.getByTestId(`runs:row-${dryRunId}`);
    await expect(row).toContainText("dry run");
    await expect(row).toHaveAttribute("data-status", "completed");
    await row.getByTestId(`runs:link-${dryRunId}`).click();
    await expect(page.getByTestId("run:findings")).toHaveAttribute("data-ok", "true");
    await expect(page.getByTestId("run:status")).toHaveText("completed");
  });

  test("invalid values: the form's own checks, and the server's 422 with each field named", async ({
    page,
  }) => {
    const posts: string[] = [];
    page.on("request", (r) => {
      if (r.method() === "POST" && r.url().includes("/api/tunix/run")) posts.push(r.url());
    });
    const form = await openForm(page, { lines: 3 });

    // Checked here first, by the contract's rules: nothing is sent.
    await form.getByTestId("runs:field-learning_rate").fill("0");
    await form.getByTestId("runs:field-batch_size").fill("1.5");
    await form.getByTestId("runs:field-trainer_options").fill("{lines: 3}");
    await form.getByTestId("runs:start").click();
    await expect(form.getByTestId("runs:error-learning_rate")).toHaveText("must be greater than 0");
    await expect(form.getByTestId("runs:error-batch_size")).toHaveText("must be a whole number");
    await expect(form.getByTestId("runs:error-trainer_options")).toContainText("not valid JSON");
    await expect(form.getByTestId("runs:form-invalid")).toHaveText(
      "3 fields need fixing before this can be sent.",
    );
    expect(posts).toEqual([]);

    // What only the server knows: resume_from names no run.
    await form.getByTestId("runs:field-learning_rate").fill("2e-5");
    await form.getByTestId("runs:field-batch_size").fill("8");
    await form.getByTestId("runs:field-trainer_options").fill('{"lines": 3}');
    await expect(form.getByTestId("runs:form-invalid")).toHaveCount(0);
    await form.getByTestId("runs:more").locator("summary").click();
    await form.getByTestId("runs:field-resume_from").fill("01234567-89ab-7def-8123-456789abcdef");
    await form.getByTestId("runs:start").click();
    const error = form.getByTestId("runs:submit-error");
    await expect(error).toContainText("resume_from names an unknown run");
    await expect(error).toContainText("(422)");
    await expect(error.locator("li")).toHaveText("resume_from: unknown run");
    await expect(page).toHaveURL(/\/runs\?/);

    // And a learning_rate of 0 that got past the form (another client, say): the server names it.
    await form.getByTestId("runs:field-resume_from").fill("");
    await page.route("**/api/tunix/run?*", (route) =>
      route.continue({
        postData: JSON.stringify({ ...route.request().postDataJSON(), learning_rate: 0, batch_size: 0 }),
      }),
    );
    await form.getByTestId("runs:start").click();
    await expect(error).toContainText("Invalid run request");
    await expect(error.locator("li")).toHaveText([
      "learning_rate: Too small: expected number to be >0",
      "batch_size: Too small: expected number to be >=1",
    ]);
    expect(posts).toHaveLength(2);
  });

  test("100,000 log lines: only the rows in view are in the page; scrolling up pauses following; search counts", async ({
    page,
    request,
  }) => {
    test.setTimeout(120_000);
    const res = await request.post("/api/tunix/run?mode=async", {
      data: {
        dataset_key: datasetKey,
        model_id: "m",
        trainer: "fixture",
        dry_run: false,
        trainer_options: { lines: 100_000, stderr_every: 1000 },
      },
    });
    expect(res.status(), await res.text()).toBe(202);
    const id = (await res.json()).run_id;
    await page.goto(`/runs/${id}`);
    await expect(page.getByTestId("run:status")).toHaveAttribute("data-status", "completed", {
      timeout: 90_000,
    });
    await expect(page.getByTestId("run:log-connection")).toHaveAttribute("data-state", "ended");
    const snapshot = await (
      await request.get(`/api/tunix/runs/${id}/logs?follow=false&limit=100000&since_seq=99990`)
    ).json();
    const total = snapshot.next_seq as number;
    expect(total).toBeGreaterThan(100_000);
    // Every line, once: no gap and no repeat.
    await expect(page.getByTestId("run:log-count")).toHaveText(`${total.toLocaleString("en-US")} lines`, {
      timeout: 30_000,
    });
    // stdout and stderr are separate pipes, so the last line is the last stdout line.
    await expect(logLine(page, "[tunix-rt] trainer exited with code 0")).toBeVisible();
    await expect(logLine(page, "line 99999 step 99999 t=")).toBeVisible();
    expect(await page.getByTestId("run:log-line").count()).toBeLessThan(80);

    // Scrolling to the top shows the first line and stops following; "Jump to latest" returns.
    await page.getByTestId("run:log-scroll").evaluate((el) => {
      el.scrollTop = 0;
    });
    await expect(page.locator('[data-testid="run:log-line"][data-seq="1"]')).toBeVisible();
    await expect(page.getByTestId("run:log-jump")).toBeVisible();
    expect(await page.getByTestId("run:log-line").count()).toBeLessThan(80);
    await page.getByTestId("run:log-jump").click();
    await expect(logLine(page, "line 99999 step 99999 t=")).toBeVisible();
    await expect(page.getByTestId("run:log-jump")).toHaveCount(0);

    await page.getByTestId("run:log-search").fill("step 99999 ");
    await expect(page.getByTestId("run:log-count")).toHaveText(
      `1 of ${total.toLocaleString("en-US")} lines match`,
    );
    await page.getByTestId("run:log-stderr-only").check();
    await page.getByTestId("run:log-search").fill("");
    await expect(page.getByTestId("run:log-count")).toHaveText(
      `100 of ${total.toLocaleString("en-US")} lines match`,
    );
  });

  test("the network drops twice mid-run: the log resumes each time with no line lost or repeated", async ({
    page,
    request,
  }) => {
    test.setTimeout(60_000);
    const proxy = await startDropProxy(Number(new URL(test.info().project.use.baseURL!).port));
    try {
      const res = await request.post("/api/tunix/run?mode=async", {
        data: {
          dataset_key: datasetKey,
          model_id: "m",
          trainer: "fixture",
          dry_run: false,
          trainer_options: { lines: 400, interval_ms: 40, stderr_every: 9 },
        },
      });
      expect(res.status(), await res.text()).toBe(202);
      const id = (await res.json()).run_id;
      const conn = page.getByTestId("run:log-connection");
      await page.goto(`${proxy.url}/runs/${id}`);
      await expect(conn).toHaveAttribute("data-state", "live");
      await expect.poll(() => shownLines(page)).toBeGreaterThan(20);

      // 1. The connection is cut: the client's follow reconnects by itself, sending Last-Event-ID.
      expect(proxy.drop()).toBeGreaterThan(0);
      const atDrop = await shownLines(page);
      await expect(conn).toHaveAttribute("data-drops", "1");
      await expect(conn).toHaveAttribute("data-connections", "1");
      await expect(conn).toHaveAttribute("data-state", "live");
      await expect.poll(() => shownLines(page)).toBeGreaterThan(atDrop + 20);

      // 2. Cut again, and the way back answers 503 for a while: the follow backs off between
      // attempts, and the page shows when the next one is due. "Reconnect now" tries at once.
      proxy.state.refuse = true;
      proxy.drop();
      await expect(conn).toHaveAttribute("data-state", "reconnecting");
      await expect(conn).toContainText(/Reconnecting… \(in \d+ s\)/);
      const opened = Number(await conn.getAttribute("data-connections"));
      await conn.getByTestId("run:log-reconnect").click();
      await expect
        .poll(async () => Number(await conn.getAttribute("data-connections")))
        .toBeGreaterThan(opened);
      await expect(conn).toHaveAttribute("data-state", "reconnecting");
      proxy.state.refuse = false;
      await expect(conn).toHaveAttribute("data-state", /live|ended/);

      await expect(page.getByTestId("run:status")).toHaveAttribute("data-status", "completed", {
        timeout: 30_000,
      });
      await expect(conn).toHaveAttribute("data-state", "ended");
      const all = await (await request.get(`/api/tunix/runs/${id}/logs?follow=false`)).json();
      // Every line once: the count matches the server's, and seqs only grow (a gap would lower it).
      await expect(page.getByTestId("run:log-count")).toHaveText(`${all.lines.length} lines`);
      await page.getByTestId("run:log-search").fill(" step ");
      await expect(page.getByTestId("run:log-count")).toHaveText(`400 of ${all.lines.length} lines match`);
    } finally {
      await page.goto("about:blank");
      await proxy.close();
    }
  });

  test("screenshot: a run page with its live log and loss curve @screenshot", async ({ page, request }) => {
    test.setTimeout(60_000);
    const res = await request.post("/api/tunix/run?mode=async", {
      data: {
        dataset_key: datasetKey,
        model_id: "google/gemma-3-1b-it",
        trainer: "fixture",
        dry_run: false,
        learning_rate: 0.0001,
        max_steps: 120,
        batch_size: 4,
        trainer_options: { lines: 120, interval_ms: 5, checkpoint_every: 40, stderr_every: 25 },
      },
    });
    expect(res.status(), await res.text()).toBe(202);
    const id = (await res.json()).run_id;
    await page.goto(`/runs/${id}`);
    await expect(page.getByTestId("run:status")).toHaveAttribute("data-status", "completed", {
      timeout: 30_000,
    });
    await expect(page.locator('[data-testid="run:chart"][data-name="train/loss"]')).toHaveAttribute(
      "data-points",
      "120",
    );
    await expect(page.getByTestId("run:artifact-checkpoints/120")).toBeVisible();
    await page.mouse.move(0, 0);
    const path = target("run.png");
    mkdirSync(dirname(path), { recursive: true });
    // Down to the end of the charts and the artifact list; the config below is left out.
    await page.evaluate(() => window.scrollTo(0, 0));
    const metrics = (await page.getByTestId("run:metrics").boundingBox())!;
    const artifacts = (await page.getByTestId("run:artifacts").boundingBox())!;
    const bottom = Math.max(metrics.y + metrics.height, artifacts.y + artifacts.height);
    await page.screenshot({
      path,
      fullPage: true,
      clip: { x: 0, y: 0, width: 1280, height: Math.ceil(bottom + 20) },
    });
  });
});
