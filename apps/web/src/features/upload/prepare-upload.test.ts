import { describe, expect, it } from "vitest";
import { EXAMPLE_TRACE } from "./example-trace";
import { fileKind, InputError, prepareUpload } from "./prepare-upload";

describe("prepareUpload", () => {
  it("turns one object into one NDJSON line", () => {
    const p = prepareUpload(JSON.stringify(EXAMPLE_TRACE, null, 2));
    expect(p.kind).toBe("object");
    expect(p.count).toBe(1);
    expect(p.body.trimEnd().split("\n")).toHaveLength(1);
    expect(JSON.parse(p.body)).toEqual(EXAMPLE_TRACE);
  });

  it("turns an array into one line per item, keeping invalid items for the server to report", () => {
    const p = prepareUpload(JSON.stringify([EXAMPLE_TRACE, 42, { prompt: "" }]));
    expect(p.kind).toBe("array");
    expect(
      p.body
        .trimEnd()
        .split("\n")
        .map((l) => JSON.parse(l)),
    ).toEqual([EXAMPLE_TRACE, 42, { prompt: "" }]);
  });

  it("accepts pasted NDJSON and drops blank lines", () => {
    const p = prepareUpload(`{"a":1}\n\n{"b":2}\r\n`);
    expect(p).toEqual({ kind: "ndjson", count: 2, body: '{"a":1}\n{"b":2}\n' });
  });

  it.each([
    ["", /Nothing to upload/],
    ["   ", /Nothing to upload/],
    ['{"prompt": "x",', /not valid JSON/],
    ['{"a":1}\n{"b":', /not valid JSON/],
    ["[]", /array is empty/],
    ["42", /trace object/],
    ["null", /trace object/],
  ])("rejects %j with a clear message", (text, message) => {
    expect(() => prepareUpload(text)).toThrow(InputError);
    expect(() => prepareUpload(text)).toThrow(message);
  });

  it("measures the example: 5 steps, 153 code points of step content (baseline 28.06)", () => {
    const chars = EXAMPLE_TRACE.steps.reduce((n, s) => n + [...s.content].length, 0);
    expect(EXAMPLE_TRACE.steps).toHaveLength(5);
    expect(chars).toBe(153);
  });
});

describe("fileKind", () => {
  it.each([
    ["traces.json", "json"],
    ["TRACES.JSONL", "ndjson"],
    ["x.ndjson", "ndjson"],
    ["notes.txt", null],
  ])("%s → %s", (name, kind) => expect(fileKind(name)).toBe(kind));
});
