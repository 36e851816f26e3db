import { expect, type Locator, test } from "@playwright/test";
import { uniqueSeed } from "./helpers";

async function previewOf(card: Locator) {
  const items = card.getByTestId("generators:preview-item");
  await expect(items).toHaveCount(3);
  const links = items.getByRole("link");
  return {
    prompts: await links.allTextContents(),
    hrefs: await links.evaluateAll((els) => els.map((e) => e.getAttribute("href"))),
  };
}

test.describe("generators", () => {
  test("generate arithmetic traces: progress, preview, links; the same seed gives the same traces", async ({
    page,
  }) => {
    await page.goto("/traces");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Generators" }).click();
    await expect(page).toHaveURL(/\/generators$/);
    const list = page.getByTestId("generators:list");
    for (const name of ["high_card_duel", "high_card_duel_winner", "arithmetic"]) {
      await expect(list.getByTestId(`generators:card-${name}`)).toBeVisible();
    }
    await expect(list.getByTestId("generators:card-high_card_duel")).toContainText("source: ungar");

    const card = list.getByTestId("generators:card-arithmetic");
    await expect(card).toContainText("Multi-step integer problems");
    // Only arithmetic has options.
    await expect(list.getByTestId("generators:difficulty")).toHaveCount(1);
    await card.getByTestId("generators:count").fill("200");
    await card.getByTestId("generators:seed").fill("7");
    await card.getByTestId("generators:submit").click();

    const result = card.getByTestId("generators:result");
    await expect(result.getByTestId("generators:created")).toHaveText("Created 200 traces");
    await expect(result.getByTestId("generators:seed-used")).toHaveText("7");
    await expect(result).toContainText("(indices 0–199) in 1 request.");
    await expect(card.getByTestId("generators:progress-text")).toHaveText("200 of 200 traces (100%)");
    const first = await previewOf(card);
    for (const href of first.hrefs) expect(href).toMatch(/^\/traces\/[0-9a-f-]{36}$/);
    for (const prompt of first.prompts) expect(prompt).toMatch(/^What is .+\?$/);

    // Seeded: the same seed again makes the same problems, stored as new traces.
    await card.getByTestId("generators:submit").click();
    const firstLink = card.getByTestId("generators:preview-item").first().getByRole("link");
    await expect(async () => {
      const href = await firstLink.getAttribute("href", { timeout: 1000 });
      expect(href).toMatch(/^\/traces\//);
      expect(href).not.toBe(first.hrefs[0]);
    }).toPass();
    await expect(result.getByTestId("generators:created")).toHaveText("Created 200 traces");
    const second = await previewOf(card);
    expect(second.prompts).toEqual(first.prompts);
    for (const href of second.hrefs) expect(first.hrefs).not.toContain(href);

    // A preview links to its trace, with the answer and meta the generator wrote.
    const answer = (await card
      .getByTestId("generators:preview-item")
      .first()
      .locator("strong")
      .textContent())!;
    await card.getByTestId("generators:preview-item").first().getByRole("link").click();
    await expect(page).toHaveURL(new RegExp(`${second.hrefs[0]}$`));
    await expect(page.getByTestId("trace:prompt")).toHaveText(second.prompts[0]!);
    await expect(page.getByTestId("trace:final-answer")).toHaveText(answer);
    await expect(page.getByTestId("trace:meta")).toContainText('"source": "arithmetic"');
    await expect(page.getByTestId("trace:meta")).toContainText(`"expected_answer": "${answer}"`);
    await expect(page.getByTestId("trace:meta")).toContainText('"seed": 7');
  });

  test("difficulty reaches the generator", async ({ page }) => {
    await page.goto("/generators");
    const card = page.getByTestId("generators:card-arithmetic");
    await card.getByTestId("generators:count").fill("10");
    await card.getByTestId("generators:seed").fill(String(uniqueSeed()));
    await card.getByTestId("generators:difficulty").selectOption("3");
    await card.getByTestId("generators:submit").click();
    await expect(card.getByTestId("generators:created")).toHaveText("Created 10 traces");
    await expect(card.getByTestId("generators:preview-item")).toHaveText(Array(3).fill(/difficulty 3$/));
  });

  test("a large run goes in chunks with a progress bar, then leads to a dataset", async ({ page }) => {
    test.setTimeout(60_000);
    const seed = uniqueSeed();
    await page.goto("/generators");
    const card = page.getByTestId("generators:card-high_card_duel_winner");
    await card.getByTestId("generators:count").fill("1200");
    await card.getByTestId("generators:seed").fill(String(seed));
    await card.getByTestId("generators:submit").click();
    const bar = card.getByTestId("generators:progress").locator("progress");
    await expect(bar).toHaveAttribute("max", "1200");
    await expect(card.getByTestId("generators:created")).toHaveText("Created 1,200 traces", {
      timeout: 30_000,
    });
    await expect(card.getByTestId("generators:result")).toContainText("(indices 0–1199) in 3 requests.");
    await expect(card.getByTestId("generators:progress-text")).toHaveText("1,200 of 1,200 traces (100%)");
    await expect(bar).toHaveAttribute("value", "1200");
    await expect(card.getByTestId("generators:preview-item").first()).toContainText("Who wins");

    // The dataset form opens with the generator's source filled in and counts its traces.
    await card.getByTestId("generators:build-dataset").click();
    await expect(page).toHaveURL(/\/datasets\?source=high_card_duel_winner$/);
    const form = page.getByTestId("datasets:build-form");
    await expect(form.getByTestId("datasets:filter-source")).toHaveValue("high_card_duel_winner");
    await form.getByTestId("datasets:meta-add").click();
    await form.getByTestId("datasets:meta-key-0").fill("seed");
    await form.getByTestId("datasets:meta-value-0").fill(String(seed));
    await expect(form.getByTestId("datasets:matching-count")).toHaveText("1,200");
  });
});
