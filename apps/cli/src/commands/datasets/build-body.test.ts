import { describe, expect, it } from "vitest";
import { buildBody, collectMeta, parseMetaValue } from "./build-body.js";

describe("--meta key=value", () => {
  it("parses values as JSON when they are JSON, as text otherwise", () => {
    expect(parseMetaValue("2")).toBe(2);
    expect(parseMetaValue("true")).toBe(true);
    expect(parseMetaValue('"2"')).toBe("2");
    expect(parseMetaValue("null")).toBeNull();
    expect(parseMetaValue('{"a":[1]}')).toEqual({ a: [1] });
    expect(parseMetaValue("hello world")).toBe("hello world");
    expect(parseMetaValue("")).toBe("");
  });

  it("collects repeated flags, splitting at the first '='", () => {
    const one = collectMeta("difficulty=2", undefined);
    expect(collectMeta("expr=a=b", one)).toEqual({ difficulty: 2, expr: "a=b" });
    expect(one).toEqual({ difficulty: 2 });
  });

  it("refuses a missing key or '=', and a key given twice", () => {
    expect(() => collectMeta("difficulty", undefined)).toThrow(/key=value/);
    expect(() => collectMeta("=2", undefined)).toThrow(/key=value/);
    expect(() => collectMeta("a=2", { a: 1 })).toThrow(/twice/);
  });
});

describe("buildBody", () => {
  it("sends only what was given, leaving the defaults to the server", () => {
    expect(buildBody({}, "n", "v1")).toEqual({ dataset_name: "n", dataset_version: "v1" });
    expect(buildBody({})).toEqual({});
  });

  it("maps every flag to its API field", () => {
    expect(
      buildBody(
        {
          source: "arithmetic",
          q: "What",
          createdAfter: "2025-01-01T00:00:00Z",
          createdBefore: "2026-01-01T00:00:00Z",
          criteria: "answer_match",
          minScore: 50,
          maxScore: 100,
          meta: { difficulty: 2 },
          limit: 1000,
          strategy: "random",
          distinctPrompts: true,
          seed: 7,
          val: 0.1,
          splitSeed: 3,
          parent: "p-v1",
        },
        "n",
        "v2",
      ),
    ).toEqual({
      dataset_name: "n",
      dataset_version: "v2",
      source: "arithmetic",
      q: "What",
      created_after: "2025-01-01T00:00:00Z",
      created_before: "2026-01-01T00:00:00Z",
      score_criteria: "answer_match",
      min_score: 50,
      max_score: 100,
      filters: { difficulty: 2 },
      limit: 1000,
      selection_strategy: "random",
      distinct_prompts: true,
      seed: 7,
      split: { val: 0.1, test: 0, seed: 3 },
      parent_dataset_id: "p-v1",
    });
  });
});
