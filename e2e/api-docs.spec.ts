import { expect, test } from "@playwright/test";

test("the API docs open with no internet: every request stays on the server", async ({ page, baseURL }) => {
  const elsewhere: string[] = [];
  await page.route(
    (url) => !url.href.startsWith(baseURL ?? ""),
    (route) => {
      elsewhere.push(route.request().url());
      return route.abort();
    },
  );
  await page.goto("/api/docs");
  await expect(page.getByRole("heading", { name: /tunix-rt API/ })).toBeVisible();
  const traces = page.locator(".opblock-summary-path", { hasText: /^\/api\/traces$/ }).first();
  await expect(traces).toBeVisible();
  await traces.click();
  await expect(page.getByRole("button", { name: "Try it out" }).first()).toBeVisible();
  expect(elsewhere).toEqual([]);
});
