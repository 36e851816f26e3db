import { RUN_STATUSES, type RunStatus, TERMINAL_STATUSES } from "@tunix-rt/contracts";
import { describe, expect, it } from "vitest";
import { canTransition, isTerminal, sourcesOf } from "./run-state.js";

const allowed = new Set([
  "pending>running",
  "pending>cancelled",
  "running>completed",
  "running>failed",
  "running>timeout",
  "running>cancel_requested",
  "running>pending",
  "cancel_requested>cancelled",
  "cancel_requested>completed",
  "cancel_requested>failed",
  "cancel_requested>timeout",
]);

describe("run state machine", () => {
  it.each(RUN_STATUSES.flatMap((from) => RUN_STATUSES.map((to) => [from, to] as [RunStatus, RunStatus])))(
    "%s → %s",
    (from, to) => {
      expect(canTransition(from, to)).toBe(allowed.has(`${from}>${to}`));
    },
  );

  it("has exactly the four terminal states, which go nowhere", () => {
    expect(RUN_STATUSES.filter(isTerminal).sort()).toEqual([...TERMINAL_STATUSES].sort());
  });

  it("lists the sources of each transition", () => {
    expect(sourcesOf("cancelled").sort()).toEqual(["cancel_requested", "pending"]);
    expect(sourcesOf("running")).toEqual(["pending"]);
  });
});
