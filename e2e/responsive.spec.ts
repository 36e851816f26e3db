import { expect, type Page, test } from "@playwright/test";

const PAGES = [
  "/traces",
  "/compare",
  "/datasets",
  "/generators",
  "/runs",
  "/evals",
  "/leaderboard",
  "/models",
];

/** How far the page reaches past the screen's right edge, in CSS pixels (0: it fits). */
const overflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** Relative luminance of the page's background colour: near 0 is dark, near 1 light. */
const backgroundLuminance = (page: Page) =>
  page.evaluate(() => {
    const [r, g, b] = getComputedStyle(document.body.parentElement!)
      .backgroundColor.match(/\d+/g)!
      .slice(0, 3)
      .map((v) => Number(v) / 255);
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  });

test("on a 390 px phone no page is wider than the screen, and the navigation stays in reach", async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  for (const path of PAGES) {
    await page.goto(path);
    await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
    await expect(page.locator("main")).not.toBeEmpty();
    expect(await overflow(page), path).toBeLessThanOrEqual(0);
  }
  // Every section is reachable from the navigation, scrolled into view when needed.
  const last = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Models" });
  await last.scrollIntoViewIfNeeded();
  await last.click();
  await expect(page).toHaveURL(/\/models$/);
});

test("dark when the system is, and a toggle that overrides it and is remembered", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto("/traces");
  await expect(page.getByTestId("sys:theme")).toHaveText("Theme: auto");
  await expect.poll(() => backgroundLuminance(page)).toBeLessThan(0.2);

  await page.emulateMedia({ colorScheme: "light" });
  await expect.poll(() => backgroundLuminance(page)).toBeGreaterThan(0.8);
  await page.getByTestId("sys:theme").click(); // auto → dark
  await expect(page.getByTestId("sys:theme")).toHaveText("Theme: dark");
  await expect.poll(() => backgroundLuminance(page)).toBeLessThan(0.2);
  await page.reload();
  await expect(page.getByTestId("sys:theme")).toHaveText("Theme: dark");
  await expect.poll(() => backgroundLuminance(page)).toBeLessThan(0.2);
  await page.getByTestId("sys:theme").click(); // dark → light, even on a dark system
  await page.emulateMedia({ colorScheme: "dark" });
  await expect(page.getByTestId("sys:theme")).toHaveText("Theme: light");
  await expect.poll(() => backgroundLuminance(page)).toBeGreaterThan(0.8);
  await page.getByTestId("sys:theme").click(); // back to auto
  await expect(page.getByTestId("sys:theme")).toHaveText("Theme: auto");
});
