// run.json is documented from its schema: the field table in docs/trainer-contract.md must be what
// RunFile says. After changing the schema, `UPDATE_DOCS=1 npx vitest run packages/contracts` writes
// the new table into the document.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { RunFile, SubmitRunBody, TrainRunConfig } from "./index.js";

const DOC = fileURLToPath(new URL("../../../docs/trainer-contract.md", import.meta.url));
const BEGIN = "<!-- run.json fields: generated from RunFile (packages/contracts/src/run-config.ts) -->";
const END = "<!-- end of run.json fields -->";

interface JsonSchema {
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  default?: unknown;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  items?: JsonSchema;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
}

const SAFE = Number.MAX_SAFE_INTEGER;

function typeOf(s: JsonSchema): string {
  if (s.anyOf) return s.anyOf.map(typeOf).join(" or ");
  if (s.const !== undefined) return `"${s.const}"`;
  if (s.enum) return s.enum.map((v) => `"${v}"`).join(" \\| ");
  if (s.type === "array") return `${s.items ? typeOf(s.items) : "any"}[]`;
  // z.int() bounds every integer to the safe range: only bounds of our own are worth printing.
  const min =
    s.exclusiveMinimum !== undefined ? `>${s.exclusiveMinimum}` : s.minimum === -SAFE ? undefined : s.minimum;
  const max = s.maximum === SAFE ? undefined : s.maximum;
  const range = min !== undefined || max !== undefined ? ` ${min ?? ""}…${max ?? ""}` : "";
  return `${Array.isArray(s.type) ? s.type.join(" or ") : (s.type ?? "any")}${range}`;
}

/** One row per field (nested objects as `a.b`): name, type, default or "required", description. */
export function runFileTable(): string {
  const root = z.toJSONSchema(RunFile, { io: "output", unrepresentable: "any" }) as JsonSchema;
  const rows: string[] = [];
  const walk = (s: JsonSchema, prefix: string) => {
    for (const [name, field] of Object.entries(s.properties ?? {})) {
      const object =
        field.anyOf?.find((a) => a.type === "object") ?? (field.type === "object" ? field : null);
      const required = (s.required ?? []).includes(name);
      const dflt =
        field.default !== undefined ? `\`${JSON.stringify(field.default)}\`` : required ? "required" : "–";
      rows.push(`| \`${prefix}${name}\` | ${typeOf(field)} | ${dflt} | ${field.description ?? ""} |`);
      if (object?.properties && Object.keys(object.properties).length) walk(object, `${prefix}${name}.`);
    }
  };
  walk(root, "");
  return ["| field | type | default | meaning |", "| --- | --- | --- | --- |", ...rows].join("\n");
}

describe("RunFile", () => {
  it("is documented in docs/trainer-contract.md exactly as the schema says", () => {
    const doc = readFileSync(DOC, "utf8");
    const start = doc.indexOf(BEGIN);
    const end = doc.indexOf(END);
    expect(start, `docs/trainer-contract.md needs the markers ${BEGIN} … ${END}`).toBeGreaterThan(-1);
    const table = runFileTable();
    if (process.env.UPDATE_DOCS) {
      writeFileSync(DOC, `${doc.slice(0, start + BEGIN.length)}\n${table}\n${doc.slice(end)}`);
      return;
    }
    expect(doc.slice(start + BEGIN.length, end).trim()).toBe(table);
  });

  it("has a documented meaning for every field", () => {
    expect(runFileTable()).not.toMatch(/\| \|$/m);
  });

  it("gives a run the same defaults a request gets", () => {
    const request = SubmitRunBody.parse({ dataset_key: "d-v1" });
    const config = TrainRunConfig.parse({
      dataset_key: "d-v1",
      trainer: request.trainer,
      model_id: "tiny",
      learning_rate: 2e-3,
      dataset: { key: "d-v1", build_id: "b", content_hash: "h", split_counts: {} },
    });
    for (const key of [
      "batch_size",
      "max_seq_length",
      "warmup_steps",
      "weight_decay",
      "seed",
      "response_style",
    ] as const)
      expect(config[key]).toBe(request[key]);
    expect(config).toMatchObject({ kind: "train", resume_from: null, labels: [], trainer_options: {} });
  });
});
