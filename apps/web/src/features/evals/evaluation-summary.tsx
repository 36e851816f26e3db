import type { EvaluationDetail, GroupStats } from "@tunix-rt/contracts";
import { accuracyText, pct, tokenCount } from "./eval-format";

function Breakdown({
  title,
  groups,
  testId,
}: {
  title: string;
  groups: Record<string, GroupStats>;
  testId: string;
}) {
  const rows = Object.entries(groups);
  if (rows.length < 2) return null;
  return (
    <table className="table compact" data-testid={testId}>
      <caption>By {title}</caption>
      <thead>
        <tr>
          <th>{title}</th>
          <th className="num">n</th>
          <th className="num">Accuracy (95% interval)</th>
          <th className="num">Format</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([k, g]) => (
          <tr key={k}>
            <td>{k}</td>
            <td className="num">{g.n}</td>
            <td className="num">{accuracyText(g)}</td>
            <td className="num">{pct(g.format_rate)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** An evaluation's figures: accuracy with its interval drawn as a bar, the verdict, format and length. */
export function EvaluationSummary({ e }: { e: EvaluationDetail }) {
  const s = e.summary;
  if (!s) return null;
  return (
    <div className="eval-summary" data-testid="evals:summary" data-accuracy={s.accuracy}>
      <div className="eval-headline">
        <span className="eval-accuracy" data-testid="evals:accuracy">
          {pct(s.accuracy)}
        </span>
        <span className={`verdict verdict-${e.verdict}`} data-testid="evals:verdict">
          {e.verdict}
        </span>
        <span className="muted">
          {s.correct} of {s.n} correct; 95% interval {pct(s.ci95[0])}–{pct(s.ci95[1])} (Wilson)
        </span>
      </div>
      <div
        className="ci-bar"
        role="img"
        aria-label={`accuracy ${pct(s.accuracy)}, 95% interval ${pct(s.ci95[0])} to ${pct(s.ci95[1])}`}
      >
        <span className="ci-range" style={{ left: pct(s.ci95[0]), width: pct(s.ci95[1] - s.ci95[0]) }} />
        <span className="ci-point" style={{ left: pct(s.accuracy) }} />
        <span
          className="ci-threshold"
          style={{ left: pct(e.pass_threshold) }}
          title={`pass threshold ${pct(e.pass_threshold)}`}
        />
      </div>
      <dl className="facts">
        <dt>Format</dt>
        <dd data-testid="evals:format">
          {pct(s.format_rate)} in the trained {e.response_style} layout
        </dd>
        <dt>Answered</dt>
        <dd>
          an answer was found in {s.answered} of {s.n}
        </dd>
        {s.mean_reasoning_tokens !== null && (
          <>
            <dt>Reasoning</dt>
            <dd>{s.mean_reasoning_tokens.toFixed(1)} Gemma tokens on average</dd>
          </>
        )}
        {s.tokens_per_correct !== null && (
          <>
            <dt>Cost</dt>
            <dd>{tokenCount(s.tokens_per_correct)} output tokens per correct answer</dd>
          </>
        )}
        {e.llm_judge && (
          <>
            <dt>LLM judge</dt>
            <dd
              data-testid="evals:llm-judge"
              title={`${e.llm_judge.judge.base_url} · prompt ${e.llm_judge.judge.template_sha256.slice(0, 12)}`}
            >
              {pct(e.llm_judge.accuracy)} correct of {e.llm_judge.judged} judged by {e.llm_judge.judge.model}{" "}
              (95% interval {pct(e.llm_judge.ci95[0])}–{pct(e.llm_judge.ci95[1])}); {e.llm_judge.unparseable}{" "}
              unparseable, {e.llm_judge.errors} errors
              {e.llm_judge.agreement_with_verifier !== null &&
                `; agrees with the verifier on ${pct(e.llm_judge.agreement_with_verifier)}`}
              ; {tokenCount(e.llm_judge.prompt_tokens + e.llm_judge.completion_tokens)} tokens
            </dd>
          </>
        )}
      </dl>
      <Breakdown title="category" groups={s.by_category} testId="evals:by-category" />
      <Breakdown title="difficulty" groups={s.by_difficulty} testId="evals:by-difficulty" />
    </div>
  );
}
