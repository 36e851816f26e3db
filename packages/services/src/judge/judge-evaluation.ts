import type { EvalRunConfig, LlmJudgeSummary } from "@tunix-rt/contracts";
import { queryRows, sql } from "@tunix-rt/db";
import { type ServiceDeps, timedWrite } from "../deps.js";
import { wilsonInterval } from "../evals/wilson.js";
import { type JudgeConfig, judgeAnswer, judgeIdentity, mapLimited } from "./judge-client.js";

const BATCH = 200;
/** The model's answer as the judge sees it: what the verifier extracted, else the end of the output. */
const ANSWER_CHARS = 2000;

interface Row {
  position: number;
  prompt: string;
  expected_answer: string;
  output: string;
  extracted: string | null;
  correct: boolean;
}

/**
 * Has an LLM judge rule on every item of a scored evaluation: the question, the expected answer
 * and the model's answer (never logs), `concurrency` requests at once. Verdicts, raw replies and
 * token counts go to `eval_judgments`; the summary, with the judge's identity and how often it
 * agreed with the verifier, to `evaluations.llm_judge`. The verifier's results are left as they are.
 */
export async function judgeEvaluation(
  deps: ServiceDeps,
  runId: string,
  config: EvalRunConfig,
  judge: JudgeConfig,
  onProgress: (done: number, total: number) => void = () => {},
  doFetch: typeof fetch = fetch,
): Promise<LlmJudgeSummary> {
  await deps.db.execute(sql`DELETE FROM eval_judgments WHERE run_id = ${runId}`);
  const counts = {
    correct: 0,
    incorrect: 0,
    unparseable: 0,
    error: 0,
    agree: 0,
    promptTokens: 0,
    completionTokens: 0,
  };
  let done = 0;
  for (let after = -1; ; ) {
    const rows = await queryRows<Row>(
      deps.db,
      sql`SELECT r.position, i.prompt, i.expected_answer, r.output, r.extracted, r.correct
          FROM eval_results r JOIN eval_items i ON i.eval_set_id = ${config.eval_set.id} AND i.position = r.position
          WHERE r.run_id = ${runId} AND r.position > ${after} ORDER BY r.position LIMIT ${BATCH}`,
    );
    if (!rows.length) break;
    const judged = await mapLimited(rows, judge.concurrency, async (r) => {
      const answer = (r.extracted ?? r.output).trim().slice(-ANSWER_CHARS) || "(no answer)";
      const j = await judgeAnswer(
        judge,
        { question: r.prompt, expected: r.expected_answer, answer },
        doFetch,
      );
      onProgress(++done, config.eval_set.item_count);
      return { r, j };
    });
    for (const { r, j } of judged) {
      counts[j.verdict]++;
      if ((j.verdict === "correct") === r.correct && (j.verdict === "correct" || j.verdict === "incorrect"))
        counts.agree++;
      counts.promptTokens += j.promptTokens ?? 0;
      counts.completionTokens += j.completionTokens ?? 0;
    }
    const values = judged.map(({ r, j }) => ({
      p: r.position,
      v: j.verdict,
      s: j.reason,
      w: j.raw,
      pt: j.promptTokens,
      ct: j.completionTokens,
      l: j.latencyMs,
      a: j.attempts,
      e: j.error,
    }));
    await timedWrite(deps, "store_judgments", () =>
      deps.db.execute(sql`INSERT INTO eval_judgments (run_id, position, verdict, reason, raw, judge_model, prompt_tokens,
          completion_tokens, latency_ms, attempts, error)
        SELECT ${runId}, x.p, x.v, x.s, x.w, ${judge.model}, x.pt, x.ct, x.l, x.a, x.e
        FROM json_to_recordset(${JSON.stringify(values)}::json)
          AS x(p int, v text, s text, w text, pt int, ct int, l real, a int, e text)`),
    );
    after = Number(rows[rows.length - 1]!.position);
  }
  const judgedN = counts.correct + counts.incorrect;
  const summary: LlmJudgeSummary = {
    judge: judgeIdentity(judge),
    n: done,
    judged: judgedN,
    correct: counts.correct,
    accuracy: judgedN ? counts.correct / judgedN : 0,
    ci95: wilsonInterval(counts.correct, judgedN),
    unparseable: counts.unparseable,
    errors: counts.error,
    agreement_with_verifier: judgedN ? counts.agree / judgedN : null,
    prompt_tokens: counts.promptTokens,
    completion_tokens: counts.completionTokens,
  };
  await deps.db.execute(
    sql`UPDATE evaluations SET llm_judge = ${JSON.stringify(summary)}::jsonb WHERE run_id = ${runId}`,
  );
  return summary;
}
