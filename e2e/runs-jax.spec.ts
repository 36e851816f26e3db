import { expect, test } from "@playwright/test";
import { buildDataset, cancelActiveRuns, logLine, startRun } from "./run-helpers";

// Real training from the browser: the server's in-process worker runs the Python jax trainer
// (npm test creates .venv before the journeys). The form fills in the trainer's preset, the loss
// curve grows while the model trains, cancelling saves a checkpoint, and resuming continues the
// step count from it.

test.describe("training with the jax trainer", () => {
  test.afterEach(async ({ request }) => {
    await cancelActiveRuns(request);
  });

  test("the form offers jax's preset → the loss chart grows live and falls → cancel keeps a checkpoint → resume continues from it", async ({
    page,
    request,
  }) => {
    test.setTimeout(180_000);
    const datasetKey = await buildDataset(request, 40);
    await page.goto(`/runs?train=${encodeURIComponent(datasetKey)}`);
    const form = page.getByTestId("runs:form");
    await expect(form.getByTestId("runs:field-dataset_key")).toHaveValue(datasetKey);
    // What the server's host can run: jax with its version and device; tunix with its version
    // where it is installed (as in CI), else why it cannot run, as the status endpoint says.
    await form.getByTestId("runs:backends").locator("summary").click();
    await expect(form.getByTestId("runs:backend-jax")).toHaveAttribute("data-available", "true");
    await expect(form.getByTestId("runs:backend-jax")).toContainText(/✓ \d+\.\d+\.\d+ on \w+:\d/);
    const tunix = (await (await request.get("/api/tunix/status")).json()).backends.tunix;
    const tunixRow = form.getByTestId("runs:backend-tunix");
    await expect(tunixRow).toHaveAttribute("data-available", String(tunix.available));
    if (tunix.available) await expect(tunixRow).toContainText(`✓ ${tunix.version}`);
    else await expect(tunixRow).toContainText(tunix.reason);
    await form.getByTestId("runs:field-trainer").selectOption("jax");
    // Left empty, model and learning rate are the trainer's preset, and the inputs say so.
    await expect(form.getByTestId("runs:field-model_id")).toHaveAttribute(
      "placeholder",
      "tiny (jax's default)",
    );
    await expect(form.getByTestId("runs:field-learning_rate")).toHaveAttribute(
      "placeholder",
      "0.002 (jax's default)",
    );
    // The smallest model keeps CPU steps short; enough steps that it is still training when cancelled.
    await form.getByTestId("runs:field-model_id").fill("micro");
    await form.getByTestId("runs:field-schedule").selectOption("steps");
    await form.getByTestId("runs:field-max_steps").fill("1000000");
    await form.getByTestId("runs:field-max_seq_length").fill("128");
    await form.getByTestId("runs:field-trainer_options").fill('{"log_every_steps": 5}');
    const id = await startRun(page, form);

    // Loss points arrive while the trainer is still running.
    await expect(page.getByTestId("run:status")).toHaveAttribute("data-status", "running", {
      timeout: 120_000,
    });
    const chart = page.locator('[data-testid="run:chart"][data-name="train/loss"]');
    await expect
      .poll(async () => Number(await chart.getAttribute("data-points")), { timeout: 120_000 })
      .toBeGreaterThanOrEqual(6);
    await expect(page.getByTestId("run:status")).toHaveAttribute("data-status", "running");
    await expect(logLine(page, "/1000000 loss ").first()).toBeVisible();

    await page.getByTestId("run:cancel").click();
    await page.getByTestId("run:cancel-confirm").click();
    await expect(page.getByTestId("run:status")).toHaveAttribute("data-status", "cancelled", {
      timeout: 60_000,
    });
    const stopped = logLine(page, "stopped by signal at step");
    await expect(stopped).toBeVisible();
    const step = Number(/at step (\d+)/.exec((await stopped.textContent())!)![1]);
    await expect(page.getByTestId("run:resumable-from")).toHaveText(`checkpoints/${step}`);

    // The model learned: the loss at the end of the curve is well below where it started.
    const metrics = await (await request.get(`/api/tunix/runs/${id}/metrics?names=train/loss`)).json();
    const points: { step: number; value: number }[] = metrics.series[0].points;
    expect(points.at(-1)!.value).toBeLessThan(points[0]!.value * 0.8);
    const run = await (await request.get(`/api/tunix/runs/${id}`)).json();
    expect([run.model_id, run.config.learning_rate]).toEqual(["micro", 0.002]);

    // Resuming makes a new run whose trainer continues from that checkpoint's step.
    await page.getByTestId("run:resume").click();
    await expect(page).not.toHaveURL(new RegExp(id));
    await expect(page.getByTestId("run:retry-of")).toHaveAttribute("href", `/runs/${id}`);
    await expect(logLine(page, `at step ${step}`).filter({ hasText: "resumed from" })).toBeVisible({
      timeout: 120_000,
    });
    const next = Math.floor(step / 5) * 5 + 5; // the next multiple of log_every_steps
    await expect(logLine(page, `step ${next}/1000000 loss `)).toBeVisible({ timeout: 120_000 });
  });
});
