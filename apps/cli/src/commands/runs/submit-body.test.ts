import { SubmitRunBody } from "@tunix-rt/contracts";
import { InvalidArgumentError } from "commander";
import { describe, expect, it } from "vitest";
import { collectOption, jsonObject, submitBody, timeoutSeconds, wholeNumber } from "./submit-body.js";

describe("submitBody", () => {
  it("sends a real run unless --dry-run (the API defaults to a dry run), and only the flags given", () => {
    expect(submitBody({ dataset: "d-v1", model: "m" })).toEqual({
      dataset_key: "d-v1",
      model_id: "m",
      dry_run: false,
    });
    expect(submitBody({ dataset: "d-v1", model: "m", dryRun: true }).dry_run).toBe(true);
  });

  it("maps every flag to its field, and the result is a valid request", () => {
    const body = submitBody({
      dataset: "d-v1",
      name: "lr 1e-4",
      model: "m",
      trainer: "fixture",
      learningRate: 1e-4,
      maxSteps: 100,
      batchSize: 4,
      maxSeqLength: 512,
      warmupSteps: 10,
      weightDecay: 0.01,
      seed: 7,
      evalEverySteps: 50,
      saveEverySteps: 25,
      trainerOptions: { lines: 1, a: "x" },
      option: { lines: 20 },
      style: "tagged",
      system: "be brief",
      label: ["gpu", "zone=a"],
      priority: -5,
      timeout: null,
      maxAttempts: 3,
      resumeFrom: "0190c2a0-0000-7000-8000-000000000000/checkpoints/5",
    });
    expect(body).toEqual({
      dataset_key: "d-v1",
      name: "lr 1e-4",
      model_id: "m",
      trainer: "fixture",
      learning_rate: 1e-4,
      max_steps: 100,
      batch_size: 4,
      max_seq_length: 512,
      warmup_steps: 10,
      weight_decay: 0.01,
      seed: 7,
      eval_every_steps: 50,
      save_every_steps: 25,
      trainer_options: { lines: 20, a: "x" },
      response_style: "tagged",
      system_instruction: "be brief",
      labels: ["gpu", "zone=a"],
      priority: -5,
      timeout_seconds: null,
      max_attempts: 3,
      resume_from: "0190c2a0-0000-7000-8000-000000000000/checkpoints/5",
      dry_run: false,
    });
    expect(SubmitRunBody.safeParse(body).success).toBe(true);
  });
});

describe("flag parsers", () => {
  it("--option key=value parses JSON values and refuses repeats and missing keys", () => {
    let o = collectOption("lines=20", undefined);
    o = collectOption("fast=true", o);
    o = collectOption('tags=["a","b"]', o);
    o = collectOption("name=plain text", o);
    o = collectOption('quoted="7"', o);
    o = collectOption("eq=a=b", o);
    expect(o).toEqual({
      lines: 20,
      fast: true,
      tags: ["a", "b"],
      name: "plain text",
      quoted: "7",
      eq: "a=b",
    });
    expect(() => collectOption("lines=3", o)).toThrow(InvalidArgumentError);
    expect(() => collectOption("=3", undefined)).toThrow(/key=value/);
    expect(() => collectOption("novalue", undefined)).toThrow(/key=value/);
  });

  it("numbers, timeouts and JSON objects", () => {
    expect(wholeNumber("-5")).toBe(-5);
    expect(() => wholeNumber("1.5")).toThrow(InvalidArgumentError);
    expect(() => wholeNumber("")).toThrow(InvalidArgumentError);
    expect(timeoutSeconds("none")).toBeNull();
    expect(timeoutSeconds("60")).toBe(60);
    expect(() => timeoutSeconds("0")).toThrow(InvalidArgumentError);
    expect(jsonObject('{"a":1}')).toEqual({ a: 1 });
    expect(() => jsonObject("[1]")).toThrow(/JSON object/);
    expect(() => jsonObject("{")).toThrow(/JSON object/);
  });
});
