import { expect, test } from "@playwright/test";
import { baseline, search, trace, uniqueToken, uploadJson } from "./helpers";

test.describe("traces", () => {
  test.beforeEach(async ({ page }) => {
    await page.goto("/");
    await expect(page).toHaveURL(/\/traces$/);
  });

  test("the shell shows navigation and healthy API and RediAI badges", async ({ page }) => {
    await expect(page.getByRole("link", { name: "tunix-rt home" })).toBeVisible();
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "Traces" })).toHaveAttribute("aria-current", "page");
    await expect(nav.getByRole("link")).toHaveText([
      "Traces",
      "Compare",
      "Datasets",
      "Generators",
      "Runs",
      "Evaluations",
      "Leaderboard",
      "Models",
    ]);
    await expect(page.getByTestId("sys:api-status")).toHaveText("API: healthy");
    await expect(page.getByTestId("sys:redi-status")).toHaveText("RediAI: healthy");
    await expect(page.getByTestId("sys:redi-status")).toHaveAttribute("title", "RediAI: healthy");
  });

  test("the API badge turns red within seconds when the server cannot be reached, and recovers", async ({
    page,
  }) => {
    const api = page.getByTestId("sys:api-status");
    await expect(api).toHaveAttribute("data-state", "healthy");
    // The network to the server fails (as when it stops): the next check finds it down.
    await page.route("**/api/health", (route) => route.abort("connectionrefused"));
    await expect(api).toHaveAttribute("data-state", "down", { timeout: 8_000 });
    await expect(page.getByTestId("sys:redi-status")).toHaveAttribute("data-state", "unknown");
    await page.unroute("**/api/health");
    await expect(api).toHaveAttribute("data-state", "healthy", { timeout: 8_000 });
    await expect(page.getByTestId("sys:redi-status")).toHaveAttribute("data-state", "healthy");
  });

  test("load the example, upload it, find it, open it, score it", async ({ page }) => {
    const panel = page.getByTestId("upload:panel");
    await panel.getByTestId("upload:load-example").click();
    const textarea = panel.getByTestId("upload:json");
    await expect(textarea).toHaveValue(/"prompt": "Convert 68°F to Celsius"/);
    await expect(textarea).toHaveValue(/"final_answer": "20°C"/);

    await panel.getByTestId("upload:submit").click();
    const result = panel.getByTestId("upload:result");
    await expect(result.getByTestId("upload:created-count")).toHaveText("1 created");
    await expect(result.getByTestId("upload:rejected-count")).toHaveText("0 rejected");

    await search(page, "Convert 68°F");
    // Newest first: the trace just uploaded is the first match.
    const first = page.getByTestId("traces:list").locator("tbody tr").first();
    await expect(first.locator(".col-prompt")).toHaveText("Convert 68°F to Celsius");
    await expect(first.locator(".col-answer")).toHaveText("20°C");
    await expect(first.locator(".col-steps")).toHaveText("5");
    await expect(first.locator(".col-source")).toHaveText("example");
    await expect(first.locator(".col-baseline")).toHaveText("—");
    await first.getByRole("link").click();

    await expect(page).toHaveURL(/\/traces\/[0-9a-f-]{36}\?q=Convert/);
    const detail = page.getByTestId("trace:detail");
    await expect(detail.getByTestId("trace:prompt")).toHaveText("Convert 68°F to Celsius");
    const steps = detail.getByTestId("trace:steps").getByRole("listitem");
    await expect(steps).toHaveCount(5);
    await expect(steps.first()).toContainText("recall");
    await expect(steps.first()).toContainText("C = (F - 32) × 5/9");
    await expect(detail.getByTestId("trace:final-answer")).toHaveText("20°C");
    await expect(detail.getByTestId("trace:meta")).toContainText('"source": "example"');
    await expect(detail.getByTestId("trace:meta")).toContainText('"fahrenheit"');
    await expect(detail.getByTestId("trace:scores-empty")).toBeVisible();

    await detail.getByTestId("trace:score-baseline").click();
    await expect(detail.getByTestId("trace:score-result")).toHaveText("baseline score: 28.06");
    const scores = detail.getByTestId("trace:scores");
    await expect(scores.getByRole("row")).toHaveCount(2);
    await expect(scores.getByRole("row").nth(1)).toContainText("baseline");
    await expect(scores.getByRole("row").nth(1)).toContainText("28.06");
    // The list's score column refreshes too.
    await expect(first.locator(".col-baseline")).toHaveText("28.06");

    // answer_match needs meta.expected_answer: the server's reason reaches the user.
    await detail.getByTestId("trace:score-answer-match").click();
    const error = detail.getByTestId("trace:score-error");
    await expect(error).toContainText("answer_match needs meta.expected_answer");
    await expect(error).toContainText("meta/expected_answer");
    await expect(error).toContainText("(422)");

    // A deep link survives a reload.
    const url = page.url();
    await page.reload();
    await expect(page).toHaveURL(url);
    await expect(page.getByTestId("trace:prompt")).toHaveText("Convert 68°F to Celsius");
    await expect(page.getByTestId("trace:scores").getByRole("row")).toHaveCount(2);
  });

  test("a broken trace shows the server's per-field validation errors", async ({ page }) => {
    const broken = {
      trace_version: "1.0",
      prompt: "",
      final_answer: "4",
      steps: [{ i: 0, type: "calc", content: "2+2" }],
    };
    const result = await uploadJson(page, broken, { created: 0, rejected: 1 });
    await expect(result).toContainText("The trace was rejected");
    const line = result.getByTestId("upload:rejected-line-1");
    await expect(line).toContainText("prompt: must be at least 1 character");

    // Several invalid fields are each named.
    const worse = { trace_version: "1.0", prompt: "p", final_answer: "", steps: [] };
    const again = await uploadJson(page, worse, { created: 0, rejected: 1 });
    await expect(again.getByTestId("upload:rejected-line-1")).toContainText("final_answer");
    await expect(again.getByTestId("upload:rejected-line-1")).toContainText("steps");
  });

  test("malformed JSON in the textarea gets a clear message and nothing is sent", async ({ page }) => {
    const panel = page.getByTestId("upload:panel");
    await panel.getByTestId("upload:json").fill('{"trace_version": "1.0", "prompt": ');
    await panel.getByTestId("upload:submit").click();
    await expect(panel.getByTestId("upload:error")).toContainText("This is not valid JSON");
    await expect(panel.getByTestId("upload:result")).toHaveCount(0);
  });

  test("a .jsonl file with one bad line: the good lines are stored, the bad one is named", async ({
    page,
  }) => {
    const token = uniqueToken();
    const lines = [
      JSON.stringify(trace(`jsonl ${token} one`, ["a first step"], "1")),
      JSON.stringify({
        trace_version: "1.0",
        prompt: `jsonl ${token} bad`,
        steps: [{ i: 0, type: "x", content: "y" }],
      }),
      JSON.stringify(trace(`jsonl ${token} three`, ["a step", "another step"], "3")),
    ];
    await page.getByTestId("upload:file-input").setInputFiles({
      name: "traces.jsonl",
      mimeType: "application/x-ndjson",
      buffer: Buffer.from(`${lines.join("\n")}\n`),
    });
    const result = page.getByTestId("upload:result");
    await expect(result).toContainText("traces.jsonl");
    await expect(result.getByTestId("upload:created-count")).toHaveText("2 created");
    await expect(result.getByTestId("upload:rejected-count")).toHaveText("1 rejected");
    const bad = result.getByTestId("upload:rejected-line-2");
    await expect(bad).toContainText("Line 2");
    await expect(bad).toContainText("final_answer");

    await search(page, token);
    await expect(page.getByTestId("traces:list").getByRole("link")).toHaveCount(2);
  });

  test("uploading an array with skip-duplicates reports the skipped copies", async ({ page }) => {
    const token = uniqueToken();
    const t = trace(`dup ${token}`, ["only step"], "x");
    await page.getByTestId("upload:skip-duplicates").check();
    const result = await uploadJson(page, [t, t, { prompt: 1 }], { created: 1, rejected: 1 });
    await expect(result.getByTestId("upload:skipped-count")).toHaveText("1 skipped as duplicates");
    await expect(result.getByTestId("upload:rejected-line-3")).toContainText("Item 3");
  });

  test("filters, numbered pages with a total, and the page in the URL", async ({ page }) => {
    const token = uniqueToken();
    const traces = Array.from({ length: 28 }, (_, n) =>
      trace(`page ${token} #${n}`, ["s"], String(n), { source: `src-${token}` }),
    );
    await uploadJson(page, traces, { created: 28 });

    await page.getByTestId("traces:toggle-filters").click();
    await page.getByTestId("traces:filter-source").fill(`src-${token}`);
    await page.getByTestId("traces:apply").click();
    await expect(page).toHaveURL(new RegExp(`source=src-${token}`));
    await page.getByTestId("traces:per-page").selectOption("25");
    const rows = page.getByTestId("traces:list").getByRole("link");
    await expect(rows).toHaveCount(25);
    await expect(rows.first()).toContainText(`page ${token} #27`);
    await expect(page.getByTestId("traces:page")).toHaveText("Page 1 of 2");
    await expect(page.getByTestId("traces:range")).toHaveText("1–25 of 28");
    await expect(page.getByTestId("traces:prev")).toBeDisabled();

    await page.getByTestId("traces:next").click();
    await expect(page.getByTestId("traces:page")).toHaveText("Page 2 of 2");
    await expect(page.getByTestId("traces:range")).toHaveText("26–28 of 28");
    await expect(rows).toHaveCount(3);
    await expect(rows.last()).toContainText(`page ${token} #0`);
    await expect(page.getByTestId("traces:next")).toBeDisabled();
    await expect(page).toHaveURL(/[?&]page=2/);

    // A reload keeps the page (the seed's list went back to page 1).
    await page.reload();
    await expect(page.getByTestId("traces:page")).toHaveText("Page 2 of 2");
    await expect(rows.last()).toContainText(`page ${token} #0`);

    await page.getByTestId("traces:first").click();
    await expect(page.getByTestId("traces:page")).toHaveText("Page 1 of 2");
    await expect(rows.first()).toContainText(`page ${token} #27`);

    // Opening a trace keeps the list's place beside it; closing returns to the list alone.
    await page.getByTestId("traces:next").click();
    await rows.first().click();
    await expect(page.getByTestId("trace:detail")).toBeVisible();
    await expect(page.getByTestId("traces:page")).toHaveText("Page 2 of 2");
    await page.getByTestId("trace:close").click();
    await expect(page.getByTestId("trace:detail")).toHaveCount(0);
    await expect(page).toHaveURL(/\/traces\?.*page=2/);

    // A score filter: nothing of these is scored yet, so a minimum score leaves the list empty.
    await page.getByTestId("traces:filter-min-score").fill("1");
    await page.getByTestId("traces:apply").click();
    await expect(page.getByTestId("traces:empty")).toBeVisible();
    await page.getByTestId("traces:reset").click();
    await expect(page).toHaveURL(/\/traces(\?per_page=25)?$/);
  });

  test("sort by a column header, both ways, kept in the URL", async ({ page }) => {
    const token = uniqueToken();
    const steps = (n: number) => Array.from({ length: n }, (_, k) => `step ${k} of ${token}`);
    await uploadJson(
      page,
      [
        trace(`sort ${token} two`, steps(2), "2"),
        trace(`sort ${token} five`, steps(5), "5"),
        trace(`sort ${token} one`, steps(1), "1"),
      ],
      { created: 3 },
    );
    await search(page, token);
    const stepCells = page.getByTestId("traces:list").locator("tbody td.col-steps");
    await expect(stepCells).toHaveText(["1", "5", "2"]);
    await page.getByTestId("traces:sort-steps").click();
    await expect(stepCells).toHaveText(["5", "2", "1"]);
    await expect(page.getByTestId("traces:list").locator("th.col-steps")).toHaveAttribute(
      "aria-sort",
      "descending",
    );
    await page.getByTestId("traces:sort-steps").click();
    await expect(stepCells).toHaveText(["1", "2", "5"]);
    await expect(page).toHaveURL(/[?&]sort=step_count/);
    await page.reload();
    await expect(stepCells).toHaveText(["1", "2", "5"]);
  });

  test("select traces: bulk score, build a dataset of them, and delete all or none", async ({ page }) => {
    const token = uniqueToken();
    const items = [0, 1, 2].map((n) =>
      trace(`bulk ${token} ${n}`, [`think ${n}`], String(n), { expected_answer: String(n) }),
    );
    items.push(trace(`bulk ${token} 3`, ["no expectation"], "3"));
    await uploadJson(page, items, { created: 4 });
    await search(page, token);
    const table = page.getByTestId("traces:list");
    await page.getByTestId("traces:select-page").check();
    await expect(page.getByTestId("traces:selected-count")).toHaveText("4 traces selected");

    // answer_match scores the three with an expected answer and says why it skipped the fourth.
    await page.getByTestId("traces:bulk-score-answer_match").click();
    const result = page.getByTestId("traces:bulk-result");
    await expect(result).toContainText("Scored 3 traces with answer_match");
    await expect(result).toContainText("1 × answer_match needs meta.expected_answer");
    await expect(table.locator("tbody td.col-answer_match")).toHaveText(["—", "100.00", "100.00", "100.00"]);

    // A dataset from exactly the first two rows (ticked one by one).
    await page.getByTestId("traces:clear-selection").click();
    const rowIds = await table
      .locator("tbody tr")
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-testid")!.replace("traces:tr-", "")));
    await page.getByTestId(`traces:select-${rowIds[0]}`).check();
    await page.getByTestId(`traces:select-${rowIds[1]}`).check();
    await page.getByTestId("traces:bulk-dataset").click();
    await page.getByTestId("traces:bulk-dataset-name").fill(`picked-${token}`);
    await page.getByTestId("traces:bulk-dataset-build").click();
    await expect(result).toContainText(`Built picked-${token}-v1 from 2 traces`);
    await expect(result.getByRole("link", { name: `picked-${token}-v1` })).toHaveAttribute(
      "href",
      `/datasets/picked-${token}-v1`,
    );

    // Deleting all four is refused whole (two are in the dataset); nothing goes.
    await page.getByTestId("traces:select-page").check();
    await page.getByTestId("traces:bulk-delete").click();
    await page.getByTestId("traces:bulk:delete-confirm").click();
    await expect(page.getByTestId("traces:bulk-error")).toContainText(`picked-${token}-v1`);
    await expect(page.getByTestId("traces:bulk-error")).toContainText("(409)");
    await expect(table.locator("tbody tr")).toHaveCount(4);

    // The two outside the dataset can go.
    await page.getByTestId("traces:clear-selection").click();
    await page.getByTestId(`traces:select-${rowIds[2]}`).check();
    await page.getByTestId(`traces:select-${rowIds[3]}`).check();
    await page.getByTestId("traces:bulk-delete").click();
    await page.getByTestId("traces:bulk:delete-confirm").click();
    await expect(result).toContainText("Deleted 2 traces");
    await expect(table.locator("tbody tr")).toHaveCount(2);
  });

  test("delete asks for confirmation, then removes the trace", async ({ page }) => {
    const token = uniqueToken();
    const steps = ["first step of the doomed trace"];
    await uploadJson(page, trace(`delete ${token}`, steps, "gone"), { created: 1 });
    await search(page, token);
    await page.getByTestId("traces:list").getByRole("link").first().click();
    const detail = page.getByTestId("trace:detail");
    await detail.getByTestId("trace:score-baseline").click();
    await expect(detail.getByTestId("trace:score-result")).toHaveText(
      `baseline score: ${baseline(steps).toFixed(2)}`,
    );
    const url = page.url();

    await detail.getByTestId("trace:delete").click();
    await detail.getByTestId("trace:delete-cancel").click();
    await expect(detail.getByTestId("trace:prompt")).toHaveText(`delete ${token}`);

    await detail.getByTestId("trace:delete").click();
    await detail.getByTestId("trace:delete-confirm").click();
    await expect(page).toHaveURL(new RegExp(`/traces\\?q=${token}$`));
    await expect(page.getByTestId("trace:detail")).toHaveCount(0);
    await expect(page.getByTestId("traces:empty")).toBeVisible();

    // The old deep link now shows the server's 404 message.
    await page.goto(url);
    await expect(page.getByTestId("trace:error")).toContainText("not found");
    await expect(page.getByTestId("trace:error")).toContainText("(404)");
  });
});
