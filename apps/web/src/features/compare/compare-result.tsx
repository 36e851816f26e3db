import type { CompareTracesResponse, TraceWithScore } from "@tunix-rt/contracts";
import { Link } from "react-router";
import { formatDateTime, formatScore, formatSigned, pluralize } from "../../shared/format";
import { AlignmentTable } from "./alignment-table";
import { AnswerDiff } from "./answer-diff";

function Column({ side, title, t }: { side: "base" | "other"; title: string; t: TraceWithScore }) {
  return (
    <section
      className={`card compare-column compare-${side}`}
      aria-labelledby={`compare-${side}-h`}
      data-testid={`compare:${side}-column`}
    >
      <header className="compare-column-header">
        <h2 id={`compare-${side}-h`}>{title}</h2>
        <span className="score-big" data-testid={`compare:${side}-score`} title="Baseline score">
          {formatScore(t.score)}
        </span>
      </header>
      <p className="eyebrow">Prompt</p>
      <p className="compare-prompt" data-testid={`compare:${side}-prompt`}>
        {t.payload.prompt}
      </p>
      <p className="eyebrow">Final answer</p>
      <p className="final-answer" data-testid={`compare:${side}-answer`}>
        {t.payload.final_answer}
      </p>
      <p className="muted small">
        {pluralize(t.payload.steps.length, "step")} · v{t.trace_version} · {formatDateTime(t.created_at)} ·{" "}
        <Link to={`/traces/${t.id}`}>open trace</Link>
      </p>
    </section>
  );
}

/** The step number (`i`, as the trace numbers its steps) where the traces part, from the base's side if it has one. */
function divergingStep(
  data: CompareTracesResponse,
  pair: CompareTracesResponse["alignment"]["pairs"][number],
) {
  if (pair.base_index !== null) return data.base.payload.steps[pair.base_index]?.i ?? pair.base_index;
  return data.other.payload.steps[pair.other_index ?? 0]?.i ?? pair.other_index;
}

/** Summary (score difference, divergence), both traces side by side, aligned steps, answer diff. */
export function CompareResult({ data }: { data: CompareTracesResponse }) {
  const delta = data.score_delta;
  const first = data.alignment.first_divergence;
  const firstPair = first === null ? undefined : data.alignment.pairs[first];
  const tone = delta > 0 ? "positive" : delta < 0 ? "negative" : "neutral";
  return (
    <div className="compare-result" data-testid="compare:result">
      <section className="card compare-summary" aria-label="Comparison summary">
        <div className="stat">
          <span className="stat-label">Score difference (other − base)</span>
          <span className={`stat-value delta-${tone}`} data-testid="compare:score-delta">
            {formatSigned(delta)}
          </span>
          <span className="muted small">
            baseline {formatScore(data.base.score)} → {formatScore(data.other.score)}
          </span>
        </div>
        <div className="stat">
          <span className="stat-label">Steps</span>
          <span className="stat-value" data-testid="compare:first-divergence">
            {firstPair
              ? `Diverge at step ${divergingStep(data, firstPair)} (row ${first! + 1})`
              : "All steps match"}
          </span>
          {firstPair && (
            <span className="muted small">first difference: {firstPair.kind.replace("_", " ")}</span>
          )}
        </div>
        <div className="stat">
          <span className="stat-label">Final answers</span>
          <span className="stat-value" data-testid="compare:answer-status">
            {data.final_answer_diff.equal ? "Identical" : "Differ"}
          </span>
        </div>
      </section>

      <div className="compare-columns">
        <Column side="base" title="Base" t={data.base} />
        <Column side="other" title="Other" t={data.other} />
      </div>

      <section className="card" aria-labelledby="compare-steps-h">
        <h2 id="compare-steps-h" className="card-title">
          Aligned steps
        </h2>
        <AlignmentTable
          alignment={data.alignment}
          baseSteps={data.base.payload.steps}
          otherSteps={data.other.payload.steps}
        />
      </section>

      <section className="card" aria-labelledby="compare-answer-h">
        <h2 id="compare-answer-h" className="card-title">
          Final answer diff
        </h2>
        <AnswerDiff parts={data.final_answer_diff.parts} equal={data.final_answer_diff.equal} />
      </section>
    </div>
  );
}
