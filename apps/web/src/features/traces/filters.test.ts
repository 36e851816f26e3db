import { describe, expect, it } from "vitest";
import { EMPTY_FILTERS, listParams, viewFromParams } from "./filters";

describe("trace list URL", () => {
  it("reads sort, page and page size, falling back to defaults for anything unknown", () => {
    expect(viewFromParams(new URLSearchParams("sort=step_count&page=3&per_page=100"))).toEqual({
      sort: "step_count",
      page: 3,
      perPage: 100,
    });
    expect(viewFromParams(new URLSearchParams("sort=sideways&page=-2&per_page=7"))).toEqual({
      sort: "-created_at",
      page: 1,
      perPage: 50,
    });
    expect(viewFromParams(new URLSearchParams("page=2.5")).page).toBe(1);
  });

  it("writes only what differs from the defaults, filters first", () => {
    const f = { ...EMPTY_FILTERS, q: "needle" };
    expect(listParams(f, { sort: "-created_at", page: 1, perPage: 50 }).toString()).toBe("q=needle");
    expect(listParams(f, { sort: "-score", page: 4, perPage: 25 }).toString()).toBe(
      "q=needle&sort=-score&page=4&per_page=25",
    );
  });
});
