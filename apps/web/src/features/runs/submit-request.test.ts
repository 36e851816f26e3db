import { describe, expect, it } from "vitest";
import {
  checkNumber,
  DEFAULT_RUN_FORM,
  formFromConfig,
  parseTrainerOptions,
  type RunForm,
  runBody,
} from "./submit-request";

const form = (patch: Partial<RunForm>): RunForm => ({
  ...DEFAULT_RUN_FORM,
  dataset_key: "ds-v1",
  trainer: "fixture",
  model_id: "m",
  ...patch,
});

describe("runBody", () => {
  it("sends the defaults as numbers, and dry_run explicitly; model and learning rate left to the trainer's preset", () => {
    const r = runBody(form({ trainer: "jax", model_id: "" }), false);
    expect(r.errors).toBeNull();
    expect(r.body).toEqual({
      dataset_key: "ds-v1",
      trainer: "jax",
      num_epochs: 1,
      batch_size: 8,
      max_seq_length: 2048,
      warmup_steps: 0,
      weight_decay: 0,
      seed: 0,
      priority: 0,
      max_attempts: 1,
      trainer_options: {},
      response_style: "numbered",
      labels: [],
      dry_run: false,
    });
    expect(runBody(form({}), true).body?.dry_run).toBe(true);
  });

  it("sends max_steps instead of num_epochs when training by steps", () => {
    const body = runBody(form({ schedule: "steps", max_steps: "500", num_epochs: "junk" }), true).body!;
    expect(body.max_steps).toBe(500);
    expect(body).not.toHaveProperty("num_epochs");
  });

  it("names every field that breaks the contract's rules", () => {
    const r = runBody(
      form({
        dataset_key: "",
        model_id: " ",
        learning_rate: "0",
        batch_size: "1.5",
        max_seq_length: "8",
        weight_decay: "2",
        seed: "-1",
        eval_every_steps: "0",
        timeout_seconds: "abc",
        trainer_options: "[1]",
        labels: "gpu, bad label!",
        priority: "5000",
        max_attempts: "11",
        resume_from: "../etc",
      }),
      false,
    );
    expect(r.errors).toEqual({
      dataset_key: "pick a dataset",
      model_id: "required: trainer fixture has no default model",
      learning_rate: "must be greater than 0",
      batch_size: "must be a whole number",
      max_seq_length: "must be at least 16",
      weight_decay: "must be at most 1",
      seed: "must be at least 0",
      eval_every_steps: "must be at least 1",
      timeout_seconds: "must be a number",
      trainer_options: "must be a JSON object",
      labels: '"label!": letters, digits and _ . : = - only (64 at most)',
      priority: "must be at most 1,000",
      max_attempts: "must be at most 10",
      resume_from: "a run id, or <run id>/checkpoints/<step>",
    });
  });

  it("passes optional fields only when set, and splits labels on commas and spaces", () => {
    const body = runBody(
      form({
        eval_every_steps: "50",
        timeout_seconds: "600",
        labels: "gpu, a100  zone=eu",
        system_instruction: "Be brief.",
        resume_from: "0190a5b2-0000-7000-8000-000000000000/checkpoints/30",
        trainer_options: '{"lines": 5}',
      }),
      false,
    ).body!;
    expect(body).toMatchObject({
      eval_every_steps: 50,
      timeout_seconds: 600,
      labels: ["gpu", "a100", "zone=eu"],
      system_instruction: "Be brief.",
      resume_from: "0190a5b2-0000-7000-8000-000000000000/checkpoints/30",
      trainer_options: { lines: 5 },
    });
    expect(body).not.toHaveProperty("save_every_steps");
  });
});

describe("checkNumber and parseTrainerOptions", () => {
  it("reads numbers the way the contract bounds them", () => {
    expect(checkNumber("2e-5", { int: false, min: 0, max: 1, exclusiveMin: true })).toEqual({ value: 2e-5 });
    expect(checkNumber("", { int: true, min: 1, max: 2, optional: true })).toEqual({});
    expect(checkNumber("", { int: true, min: 1, max: 2 })).toEqual({ error: "required" });
  });
  it("accepts an empty box as {}", () => {
    expect(parseTrainerOptions("  ")).toEqual({ value: {} });
    expect(parseTrainerOptions("{").error).toMatch(/^not valid JSON/);
  });
});

describe("formFromConfig", () => {
  it("fills the form from a run's resolved config, round-tripping to the same body", () => {
    const config = {
      dataset_key: "ds-v1",
      model_id: "m",
      trainer: "fixture",
      learning_rate: 0.001,
      max_steps: 300,
      batch_size: 4,
      max_seq_length: 512,
      warmup_steps: 10,
      weight_decay: 0.01,
      seed: 7,
      save_every_steps: 100,
      trainer_options: { lines: 3 },
      response_style: "tagged",
      labels: ["gpu"],
      priority: 2,
      max_attempts: 3,
      timeout_seconds: null,
      dataset: { key: "ds-v1" },
      resume_from: { run_id: "x", checkpoint: null },
    };
    const f = formFromConfig(config);
    expect(f.schedule).toBe("steps");
    expect(f.timeout_seconds).toBe("");
    expect(f.resume_from).toBe("");
    const body = runBody(f, false).body!;
    expect(body).toMatchObject({
      learning_rate: 0.001,
      max_steps: 300,
      save_every_steps: 100,
      response_style: "tagged",
      labels: ["gpu"],
      priority: 2,
      max_attempts: 3,
      trainer_options: { lines: 3 },
    });
    expect(body).not.toHaveProperty("timeout_seconds");
  });
});
