import { describe, expect, it } from "vitest";
import {
  type BuildForm,
  buildBody,
  EMPTY_BUILD_FORM,
  estimateSplits,
  metaFilters,
  parseMetaValue,
  selectionBody,
} from "./build-request";

const form = (patch: Partial<BuildForm>): BuildForm => ({ ...EMPTY_BUILD_FORM, ...patch });

describe("parseMetaValue", () => {
  it("reads JSON values and keeps anything else as text", () => {
    expect(parseMetaValue("3")).toEqual({ value: 3, kind: "number" });
    expect(parseMetaValue("true")).toEqual({ value: true, kind: "boolean" });
    expect(parseMetaValue("null")).toEqual({ value: null, kind: "null" });
    expect(parseMetaValue('"3"')).toEqual({ value: "3", kind: "string" });
    expect(parseMetaValue("[1,2]")).toEqual({ value: [1, 2], kind: "array" });
    expect(parseMetaValue('{"a":1}')).toEqual({ value: { a: 1 }, kind: "object" });
    expect(parseMetaValue("arithmetic")).toEqual({ value: "arithmetic", kind: "string" });
    expect(parseMetaValue("007")).toEqual({ value: "007", kind: "string" });
    expect(parseMetaValue("")).toEqual({ value: "", kind: "string" });
  });
});

describe("metaFilters", () => {
  it("skips rows without a key and trims keys", () => {
    expect(
      metaFilters([
        { id: 1, key: " difficulty ", value: "2" },
        { id: 2, key: "", value: "ignored" },
        { id: 3, key: "game", value: "high_card_duel" },
      ]),
    ).toEqual({ difficulty: 2, game: "high_card_duel" });
  });
});

describe("selectionBody", () => {
  it("sends only what is set, with numbers as numbers", () => {
    expect(selectionBody(form({ source: " arithmetic ", limit: "150" }))).toEqual({
      filters: {},
      limit: 150,
      selection_strategy: "latest",
      source: "arithmetic",
    });
  });

  it("sends the seed only for random selection, and the split only when val or test is set", () => {
    const body = selectionBody(
      form({ selection_strategy: "random", seed: "42", split_val: "0.1", split_test: "0", split_seed: "3" }),
    );
    expect(body.seed).toBe(42);
    expect(body.split).toEqual({ val: 0.1, test: 0, seed: 3 });
    expect(selectionBody(form({ seed: "42" })).seed).toBeUndefined();
    expect(selectionBody(form({ split_seed: "3" })).split).toBeUndefined();
  });

  it("asks for one trace per prompt only when ticked", () => {
    expect(selectionBody(form({ distinct_prompts: true })).distinct_prompts).toBe(true);
    expect("distinct_prompts" in selectionBody(form({}))).toBe(false);
  });

  it("names the score criteria only with a score range or a non-default criteria", () => {
    expect(selectionBody(form({})).score_criteria).toBeUndefined();
    expect(selectionBody(form({ min_score: "10" }))).toMatchObject({
      score_criteria: "baseline",
      min_score: 10,
    });
    expect(selectionBody(form({ score_criteria: "answer_match" })).score_criteria).toBe("answer_match");
  });

  it("passes an unparseable number through as typed, so the server can name the field", () => {
    expect(selectionBody(form({ limit: "lots" })).limit).toBe("lots");
  });

  it("converts created dates to ISO", () => {
    const body = selectionBody(form({ created_after: "2026-01-02T03:04" }));
    expect(body.created_after).toBe(new Date("2026-01-02T03:04").toISOString());
  });
});

describe("buildBody", () => {
  it("adds the trimmed name and version", () => {
    expect(buildBody(form({ dataset_name: " arith ", dataset_version: "v2" }))).toMatchObject({
      dataset_name: "arith",
      dataset_version: "v2",
      limit: 100,
    });
  });
});

describe("estimateSplits", () => {
  it("rounds val and test and gives train the rest", () => {
    expect(estimateSplits(150, form({ split_val: "0.1", split_test: "0.1" }))).toEqual({
      train: 120,
      val: 15,
      test: 15,
    });
    expect(estimateSplits(10, form({}))).toEqual({ train: 10, val: 0, test: 0 });
  });
});
