import { readFileSync } from "node:fs";
import { expect, type Locator, type Page, test } from "@playwright/test";
import { generate, uniqueSeed, uniqueToken } from "./helpers";

// Each run generates its own arithmetic traces under a fresh seed; the meta filter seed=<that seed>
// selects exactly them, whatever other journeys have stored.
const COUNT = 120;

const int = async (l: Locator) => Number((await l.textContent())!.replace(/,/g, ""));

async function downloadLines(page: Page, link: Locator) {
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  const path = await download.path();
  const text = readFileSync(path, "utf8");
  expect(text.endsWith("\n")).toBe(true);
  return { name: download.suggestedFilename(), lines: text.trimEnd().split("\n") };
}

/** Fills the build form for this run's traces: source arithmetic and meta seed = the run's seed. */
async function fillSelection(page: Page, seed: number) {
  const form = page.getByTestId("datasets:build-form");
  await form.getByTestId("datasets:filter-source").fill("arithmetic");
  await form.getByTestId("datasets:meta-add").click();
  await form.getByTestId("datasets:meta-key-0").fill("seed");
  await form.getByTestId("datasets:meta-value-0").fill(String(seed));
  // A number in JSON is a number: the stored meta.seed is one.
  await expect(form.getByTestId("datasets:meta-kind-0")).toHaveText("number");
  return form;
}

test.describe("datasets", () => {
  let seed: number;

  test.beforeAll(async ({ request }) => {
    seed = uniqueSeed();
    await generate(request, "arithmetic", { count: COUNT, seed });
  });

  test("build a split dataset with a live count, inspect it, preview what the model sees, download exports", async ({
    page,
  }) => {
    test.setTimeout(120_000);
    const name = `arith-${uniqueToken()}`;
    await page.goto("/traces");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Datasets" }).click();
    await expect(page).toHaveURL(/\/datasets$/);

    const form = page.getByTestId("datasets:build-form");
    await form.getByTestId("datasets:name").fill(name);
    await expect(form.getByTestId("datasets:version")).toHaveValue("v1");

    // The live count follows the filters: all arithmetic traces, then only this run's.
    await form.getByTestId("datasets:filter-source").fill("arithmetic");
    await expect(async () => {
      expect(await int(form.getByTestId("datasets:matching-count"))).toBeGreaterThanOrEqual(COUNT);
    }).toPass();
    await fillSelection(page, seed);
    await expect(form.getByTestId("datasets:matching-count")).toHaveText(String(COUNT));
    await expect(form.getByTestId("datasets:selected-count")).toHaveText("100");
    await form.getByTestId("datasets:limit").fill(String(COUNT));
    await expect(form.getByTestId("datasets:selected-count")).toHaveText(String(COUNT));
    await form.getByTestId("datasets:split-val").fill("0.25");
    await expect(form.getByTestId("datasets:split-estimate")).toHaveText("About 90 train · 30 val · 0 test");

    await form.getByTestId("datasets:build-submit").click();
    const key = `${name}-v1`;
    await expect(page).toHaveURL(new RegExp(`/datasets/${key}$`));
    await expect(page.getByTestId("dataset:key")).toHaveText(key);
    await expect(page.getByTestId("dataset:trace-count")).toHaveText(String(COUNT));
    await expect(page.getByTestId("dataset:stat-trace-count")).toHaveText(String(COUNT));
    await expect(page.getByTestId("dataset:content-hash")).toHaveText(/^[0-9a-f]{64}$/);
    const hash = (await page.getByTestId("dataset:content-hash").textContent())!;
    await expect(page.getByTestId("dataset:request")).toContainText('"source": "arithmetic"');
    await expect(page.getByTestId("dataset:request")).toContainText(`"seed": ${seed}`);

    // Split sizes add up to the total, and the val split got traces.
    const train = await int(page.getByTestId("dataset:split-train"));
    const val = await int(page.getByTestId("dataset:split-val"));
    const testCount = await int(page.getByTestId("dataset:split-test"));
    expect(train + val + testCount).toBe(COUNT);
    expect(val).toBeGreaterThan(0);
    expect(train).toBeGreaterThan(0);
    expect(testCount).toBe(0);
    await expect(page.getByTestId("dataset:split-total")).toHaveText(String(COUNT));

    // The token histogram: 40 bins holding every example, and nothing truncated at 2048. The first
    // count loads the Gemma 3 tokenizer, so it may take a while.
    const tokens = page.getByTestId("dataset:tokens");
    const histogram = tokens.getByTestId("dataset:histogram");
    await expect(histogram).toBeVisible({ timeout: 60_000 });
    const bars = histogram.getByTestId("dataset:histogram-bar");
    await expect(bars).toHaveCount(40);
    const counts = await bars.evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-count"))));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(COUNT);
    await expect(tokens.getByTestId("dataset:tokens-examples")).toHaveText(String(COUNT));
    await expect(tokens.getByTestId("dataset:max-seq-value")).toHaveText("2,048");
    await expect(tokens.getByTestId("dataset:truncated-count")).toHaveText("0");
    // 2048 is far past the longest example: the line stands outside the bars.
    await expect(tokens.getByTestId("dataset:max-seq-line")).toHaveAttribute("data-inside", "false");

    // A max_seq_length between the shortest and the longest example cuts some and not others.
    const min = await int(tokens.getByTestId("dataset:tokens-min"));
    const max = await int(tokens.getByTestId("dataset:tokens-max"));
    expect(max).toBeGreaterThan(min);
    const limit = Math.floor((min + max) / 2);
    await tokens.getByTestId("dataset:max-seq-input").fill(String(limit));
    await tokens.getByTestId("dataset:max-seq-apply").click();
    await expect(tokens.getByTestId("dataset:max-seq-value")).toHaveText(String(limit));
    await expect(tokens.getByTestId("dataset:max-seq-line")).toHaveAttribute("data-inside", "true");
    await expect(tokens.getByTestId("dataset:max-seq-line")).toContainText(`max_seq_length ${limit}`);
    const truncated = await int(tokens.getByTestId("dataset:truncated-count"));
    expect(truncated).toBeGreaterThan(0);
    expect(truncated).toBeLessThan(COUNT);
    // Bars wholly past the line are drawn as truncated, and they hold no more than the count.
    const cut = await histogram
      .locator(".histogram-bar.is-truncated")
      .evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-count"))));
    expect(cut.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(truncated);

    // The template preview: the masked prompt and the trained completion, coloured differently.
    const examples = page.getByTestId("dataset:examples");
    await expect(examples.getByTestId("dataset:legend")).toContainText("masked, not trained on");
    await expect(examples.getByTestId("dataset:legend")).toContainText("trained on");
    const items = examples.getByTestId("dataset:example");
    await expect(items).toHaveCount(5);
    const first = items.first();
    const prompt = first.getByTestId("dataset:example-prompt");
    const completion = first.getByTestId("dataset:example-completion");
    await expect(prompt).toHaveText(
      /^<start_of_turn>user\nWhat is .+\?<end_of_turn>\n<start_of_turn>model\n$/,
    );
    await expect(completion).toHaveText(/^Reasoning:\n1\. [\s\S]+\nAnswer: -?\d+<end_of_turn>$/);
    const look = (l: Locator) =>
      l.evaluate((e) => {
        const s = getComputedStyle(e);
        return `${s.backgroundColor} ${s.backgroundImage} ${s.color}`;
      });
    expect(await look(prompt)).not.toBe(await look(completion));
    await expect(first.getByTestId("dataset:example-tokens")).toHaveText(
      /^\d+ masked \+ \d+ trained = \d+ tokens$/,
    );

    // Tagged style, val split only.
    await page.getByTestId("dataset:render-style").selectOption("tagged");
    await page.getByTestId("dataset:render-split").selectOption("val");
    await expect(completion).toHaveText(
      /^<reasoning>[\s\S]+<\/reasoning>\n<answer>-?\d+<\/answer><end_of_turn>$/,
    );
    await expect(items).toHaveCount(Math.min(5, val));
    await expect(items.locator(".split-chip")).toHaveText(Array(Math.min(5, val)).fill("val"));
    await expect(tokens.getByTestId("dataset:tokens-examples")).toHaveText(String(val));

    // Downloads: tunix_sft for the val split, chat (tagged) for everything.
    const exports = page.getByTestId("dataset:exports");
    const sft = await downloadLines(page, exports.getByTestId("dataset:export-tunix_sft-val"));
    expect(sft.name).toBe(`${key}-val-tunix_sft.jsonl`);
    expect(sft.lines).toHaveLength(val);
    for (const line of sft.lines) {
      const record = JSON.parse(line);
      expect(record.prompts).toContain("<start_of_turn>model");
      expect(record.prompts).toContain("Reasoning:\n1. ");
    }
    await exports.getByTestId("dataset:export-style").selectOption("tagged");
    const chat = await downloadLines(page, exports.getByTestId("dataset:export-chat-all"));
    expect(chat.lines).toHaveLength(COUNT);
    for (const line of chat.lines) {
      const { messages } = JSON.parse(line);
      expect(messages.map((m: { role: string }) => m.role)).toEqual(["user", "assistant"]);
      expect(messages[1].content).toMatch(/<answer>-?\d+<\/answer>$/);
    }

    // Back on the list, the new dataset is there with its sizes and hash prefix.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Datasets" }).click();
    const row = page.getByTestId(`datasets:row-${key}`);
    await expect(row).toContainText(String(COUNT));
    await expect(row).toContainText(`val ${val}`);
    await expect(row).toContainText(hash.slice(0, 12));

    // Datasets are immutable: the same key again is a 409, shown as the server wrote it.
    const again = await fillSelection(page, seed);
    await again.getByTestId("datasets:name").fill(name);
    await again.getByTestId("datasets:build-submit").click();
    const conflict = again.getByTestId("datasets:build-error");
    await expect(conflict).toContainText(`Dataset ${key} already exists`);
    await expect(conflict).toContainText("(409)");
    await expect(page).toHaveURL(/\/datasets$/);

    // Random selection needs a seed: the server's 422 names the field.
    await again.getByTestId("datasets:version").fill("v2");
    await again.getByTestId("datasets:strategy").selectOption("random");
    await expect(again.getByTestId("datasets:seed")).toHaveValue("");
    await again.getByTestId("datasets:build-submit").click();
    const invalid = again.getByTestId("datasets:build-error");
    await expect(invalid).toContainText("(422)");
    await expect(invalid).toContainText("seed: Random selection strategy requires a seed");

    // With a seed it builds, and the same request gives the same content as a second build would.
    await again.getByTestId("datasets:seed").fill("3");
    await again.getByTestId("datasets:build-submit").click();
    await expect(page).toHaveURL(new RegExp(`/datasets/${name}-v2$`));
    await expect(page.getByTestId("dataset:selection")).toHaveText("random (seed 3)");
  });

  test("filters that match nothing: the live count says so and the build is refused", async ({ page }) => {
    await page.goto("/datasets");
    const form = page.getByTestId("datasets:build-form");
    await form.getByTestId("datasets:name").fill(`empty-${uniqueToken()}`);
    await form.getByTestId("datasets:filter-source").fill(`nothing-${uniqueToken()}`);
    await expect(form.getByTestId("datasets:matching-count")).toHaveText("0");
    await expect(form.getByTestId("datasets:nothing-selected")).toBeVisible();
    await form.getByTestId("datasets:build-submit").click();
    const error = form.getByTestId("datasets:build-error");
    await expect(error).toContainText("Dataset is empty. No traces matched the filters.");
    await expect(error).toContainText("(422)");
  });

  test("delete: refused while a child names it, then confirmed and gone", async ({ page, request }) => {
    const name = `del-${uniqueToken()}`;
    const build = (version: string, extra: Record<string, unknown> = {}) =>
      request.post("/api/datasets/build", {
        data: { dataset_name: name, dataset_version: version, filters: { seed }, limit: 5, ...extra },
      });
    const parent = await (await build("v1")).json();
    expect(parent.dataset_key).toBe(`${name}-v1`);
    expect((await build("v2", { parent_dataset_id: parent.dataset_key })).status()).toBe(201);

    await page.goto(`/datasets/${name}-v1`);
    const head = page.getByTestId("dataset:detail");
    await head.getByTestId("dataset:delete").click();
    await head.getByTestId("dataset:delete-cancel").click();
    await head.getByTestId("dataset:delete").click();
    await head.getByTestId("dataset:delete-confirm").click();
    const refused = head.getByTestId("dataset:delete-error");
    await expect(refused).toContainText(`Dataset ${name}-v1 is the parent of ${name}-v2`);
    await expect(refused).toContainText("(409)");

    // Delete the child, then the parent.
    await page.goto(`/datasets/${name}-v2`);
    await page.getByTestId("dataset:delete").click();
    await page.getByTestId("dataset:delete-confirm").click();
    await expect(page).toHaveURL(/\/datasets$/);
    await expect(page.getByTestId(`datasets:row-${name}-v2`)).toHaveCount(0);
    await expect(page.getByTestId(`datasets:row-${name}-v1`)).toBeVisible();
    await page.getByTestId(`datasets:row-${name}-v1`).getByRole("link").click();
    await page.getByTestId("dataset:delete").click();
    await page.getByTestId("dataset:delete-confirm").click();
    await expect(page).toHaveURL(/\/datasets$/);
    await expect(page.getByTestId(`datasets:row-${name}-v1`)).toHaveCount(0);

    // Its old address now shows the server's 404.
    await page.goto(`/datasets/${name}-v1`);
    await expect(page.getByTestId("dataset:error")).toContainText("(404)");
  });

  test("a Tunix SFT manifest for the dataset", async ({ page, request }) => {
    const name = `man-${uniqueToken()}`;
    const res = await request.post("/api/datasets/build", {
      data: { dataset_name: name, dataset_version: "v1", filters: { seed }, limit: 10 },
    });
    expect(res.status()).toBe(201);
    await page.goto(`/datasets/${name}-v1`);
    const panel = page.getByTestId("dataset:tunix");
    await panel.getByText("Tunix manifest").click();
    await panel.getByTestId("dataset:manifest-submit").click();
    const yaml = panel.getByTestId("dataset:manifest-yaml");
    await expect(yaml).toContainText("runner: tunix");
    await expect(yaml).toContainText("model_id: google/gemma-3-1b-it");
    await expect(yaml).toContainText("format: tunix_sft");
    await expect(yaml).toContainText("max_seq_length: 2048");
    const path = (await panel.getByTestId("dataset:manifest-path").textContent())!;
    expect(path).toMatch(/tunix_sft\.jsonl$/);
    await expect(yaml).toContainText(`path: ${path}`);
  });
});
