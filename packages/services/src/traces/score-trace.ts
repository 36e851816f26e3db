import type {
  ListTraceScoresResponse,
  ReasoningTrace,
  ScoreCriteria,
  ScoreTraceResponse,
} from "@tunix-rt/contracts";
import { queryRows, sql } from "@tunix-rt/db";
import { AppError } from "../app-error.js";
import { type ServiceDeps, timedWrite } from "../deps.js";
import { newId, toIso } from "../ids.js";
import { answerMatchScore } from "../scoring/answer-match.js";
import { baselineScore } from "../scoring/baseline-score.js";
import { assertTraceId, getTrace } from "./get-trace.js";

type Scored = { score: number; details: Record<string, unknown> };

/** A trace's score under one criteria, or why that criteria cannot score it. */
export function computeScore(trace: ReasoningTrace, criteria: ScoreCriteria): Scored | { missing: string } {
  if (criteria === "baseline") return baselineScore(trace) as unknown as Scored;
  const r = answerMatchScore(trace);
  if ("missing" in r)
    return { missing: "answer_match needs meta.expected_answer, which this trace does not have" };
  return r as unknown as Scored;
}

/** Scores a stored trace with one criteria and persists the result. */
export async function scoreTrace(
  deps: ServiceDeps,
  id: string,
  criteria: ScoreCriteria,
): Promise<ScoreTraceResponse> {
  const trace = await getTrace(deps, id);
  const result = computeScore(trace.payload, criteria);
  if ("missing" in result) {
    throw new AppError("validation", result.missing, {
      errors: [{ field: "meta/expected_answer", message: "required by criteria answer_match" }],
    });
  }
  await timedWrite(deps, "score_trace", () =>
    deps.db.execute(sql`INSERT INTO scores (id, trace_id, criteria, score, details)
      VALUES (${newId()}, ${id}, ${criteria}, ${result.score}, ${JSON.stringify(result.details)}::json)`),
  );
  return { trace_id: id, score: result.score, details: result.details };
}

export async function listTraceScores(deps: ServiceDeps, id: string): Promise<ListTraceScoresResponse> {
  assertTraceId(id);
  await getTrace(deps, id);
  const rows = await queryRows<{
    id: string;
    trace_id: string;
    criteria: string;
    score: number;
    details: Record<string, unknown> | null;
    created_at: string;
  }>(
    deps.db,
    sql`SELECT id, trace_id, criteria, score, details, created_at FROM scores WHERE trace_id = ${id} ORDER BY id DESC`,
  );
  return { data: rows.map((r) => ({ ...r, score: Number(r.score), created_at: toIso(r.created_at) })) };
}
