import { expect, test } from "@playwright/test";
import { baseline, trace, uniqueToken, uploadJson } from "./helpers";

test("compare two traces: side by side, aligned steps, first divergence, score difference", async ({
  page,
}) => {
  const token = uniqueToken();
  const baseSteps = ["Read the question carefully.", "Guess the answer."];
  const otherSteps = [
    "Read the question carefully.",
    "Write 12 × 15 as 12 × 10 + 12 × 5.",
    "12 × 10 = 120 and 12 × 5 = 60.",
    "Add them: 120 + 60 = 180.",
  ];
  const base = trace(`Compare ${token} base: what is 12 × 15?`, baseSteps, "12 × 15 is 170");
  const other = trace(`Compare ${token} other: what is 12 × 15?`, otherSteps, "12 × 15 is 180");
  await page.goto("/traces");
  await uploadJson(page, [base, other], { created: 2 });

  // Find the other trace's id on its detail page, to paste it into the picker later.
  await page.getByTestId("traces:search").fill(`${token} other`);
  await page.getByTestId("traces:apply").click();
  await page.getByTestId("traces:list").getByRole("link").first().click();
  const otherId = (await page.getByTestId("trace:id").textContent())!.trim();
  expect(otherId).toMatch(/^[0-9a-f-]{36}$/);

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Compare" }).click();
  await expect(page).toHaveURL(/\/compare$/);

  // Base: search by text and pick from the options.
  const basePicker = page.getByTestId("compare:base-picker");
  await basePicker.getByTestId("compare:base-input").fill(`${token} base`);
  await basePicker.getByRole("button", { name: new RegExp(`Compare ${token} base`) }).click();
  await expect(basePicker.getByTestId("compare:base-selected")).toContainText(`Compare ${token} base`);

  // Other: paste the id.
  const otherPicker = page.getByTestId("compare:other-picker");
  await otherPicker.getByTestId("compare:other-input").fill(otherId);
  await expect(otherPicker.getByTestId("compare:other-selected")).toContainText(otherId);
  await expect(page).toHaveURL(new RegExp(`/compare\\?base=[0-9a-f-]{36}&other=${otherId}$`));

  const result = page.getByTestId("compare:result");
  const expectedDelta = baseline(otherSteps) - baseline(baseSteps);
  expect(expectedDelta).toBeGreaterThan(0);
  await expect(result.getByTestId("compare:score-delta")).toHaveText(`+${expectedDelta.toFixed(2)}`);
  await expect(result.getByTestId("compare:base-score")).toHaveText(baseline(baseSteps).toFixed(2));
  await expect(result.getByTestId("compare:other-score")).toHaveText(baseline(otherSteps).toFixed(2));
  await expect(result.getByTestId("compare:base-prompt")).toHaveText(base.prompt);
  await expect(result.getByTestId("compare:other-prompt")).toHaveText(other.prompt);
  await expect(result.getByTestId("compare:base-answer")).toHaveText("12 × 15 is 170");
  await expect(result.getByTestId("compare:other-answer")).toHaveText("12 × 15 is 180");

  // Row 1 is the shared first step; row 2 is where they part, and only it is highlighted.
  const table = result.getByTestId("compare:alignment");
  await expect(table.getByRole("row")).toHaveCount(1 + 4);
  await expect(table.getByTestId("compare:pair-0")).toHaveAttribute("data-kind", "same");
  const divergence = table.getByTestId("compare:pair-1");
  await expect(divergence).toHaveAttribute("data-first-divergence", "true");
  await expect(divergence).toHaveClass(/is-first-divergence/);
  await expect(divergence).toContainText("first divergence");
  await expect(divergence).toContainText("Guess the answer.");
  await expect(divergence).toContainText("Write 12 × 15 as 12 × 10 + 12 × 5.");
  await expect(table.getByTestId("compare:first-divergence-marker")).toHaveCount(1);
  await expect(table.getByTestId("compare:pair-3")).toHaveAttribute("data-kind", "only_other");
  await expect(result.getByTestId("compare:first-divergence")).toHaveText("Diverge at step 1 (row 2)");

  // Final answers differ in one word: the diff keeps the rest and marks what was removed and added.
  const diff = result.getByTestId("compare:answer-diff-text");
  await expect(diff.locator("del")).toHaveText(["170"]);
  await expect(diff.locator("ins")).toHaveText(["180"]);
  await expect(diff).toHaveText("12 × 15 is 170180");
  await expect(result.getByTestId("compare:answer-status")).toHaveText("Differ");

  // The URL holds the comparison: reloading shows it again; swapping flips the sign.
  await page.reload();
  await expect(page.getByTestId("compare:score-delta")).toHaveText(`+${expectedDelta.toFixed(2)}`);
  await page.getByTestId("compare:swap").click();
  await expect(page.getByTestId("compare:score-delta")).toHaveText((-expectedDelta).toFixed(2));
  await expect(page).toHaveURL(new RegExp(`/compare\\?base=${otherId}&other=`));
});

test("comparing with an unknown id shows the server's reason", async ({ page }) => {
  const missing = "01900000-0000-7000-8000-000000000000";
  await page.goto(`/compare?base=${missing}&other=${missing}`);
  const error = page.getByTestId("compare:error");
  await expect(error).toContainText("not found");
  await expect(error).toContainText("(404)");
});

test("a trace's 'Compare with…' link preselects it as the base", async ({ page }) => {
  const token = uniqueToken();
  await page.goto("/traces");
  await uploadJson(page, trace(`link ${token}`, ["one"], "1"), { created: 1 });
  await page.getByTestId("traces:search").fill(token);
  await page.getByTestId("traces:apply").click();
  await page.getByTestId("traces:list").getByRole("link").first().click();
  await page.getByTestId("trace:compare-link").click();
  await expect(page).toHaveURL(/\/compare\?base=[0-9a-f-]{36}$/);
  await expect(page.getByTestId("compare:base-selected")).toContainText(`link ${token}`);
});
