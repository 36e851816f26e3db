import { useQuery } from "@tanstack/react-query";
import type { TraceDetail as TraceDetailData } from "@tunix-rt/contracts";
import { Link } from "react-router";
import { api } from "../../shared/api";
import { ErrorAlert } from "../../shared/error-alert";
import { formatDateTime, pluralize } from "../../shared/format";
import { queryKeys } from "../../shared/query-keys";
import { TraceActions } from "./trace-actions";
import { TraceScores } from "./trace-scores";

interface Props {
  id: string;
  /** Called once the trace is deleted, so the page can leave its route. */
  onDeleted: () => void;
  /** Closes the detail, back to the list alone. */
  onClose: () => void;
}

function Steps({ trace }: { trace: TraceDetailData }) {
  // Steps are shown in the order of their index `i`, which is what the trace means by "ordered".
  const steps = [...trace.payload.steps].sort((a, b) => a.i - b.i);
  return (
    <ol className="steps" data-testid="trace:steps">
      {steps.map((s) => (
        <li key={s.i} className="step" data-testid={`trace:step-${s.i}`}>
          <span className="step-index" aria-hidden="true">
            {s.i}
          </span>
          <div className="step-body">
            <span className="step-type">{s.type}</span>
            <p className="step-content">{s.content}</p>
          </div>
        </li>
      ))}
    </ol>
  );
}

/** One trace: prompt, ordered steps, answer, meta, stored scores, and what can be done with it. */
export function TraceDetail({ id, onDeleted, onClose }: Props) {
  const trace = useQuery({ queryKey: queryKeys.trace(id), queryFn: () => api.traces.get(id) });

  if (trace.isPending) return <section className="card detail">Loading trace…</section>;
  if (trace.isError) {
    return (
      <section className="card detail" data-testid="trace:detail">
        <ErrorAlert error={trace.error} testId="trace:error" title="Could not load this trace" />
        <Link to="/traces">Back to all traces</Link>
      </section>
    );
  }
  const t = trace.data;
  const meta = t.payload.meta;
  return (
    <article className="card detail" aria-labelledby="trace-prompt" data-testid="trace:detail">
      <header className="detail-header">
        <button
          type="button"
          className="btn btn-ghost btn-small detail-close"
          onClick={onClose}
          aria-label="Close this trace"
          data-testid="trace:close"
        >
          ✕
        </button>
        <p className="eyebrow">Prompt</p>
        <h2 id="trace-prompt" className="detail-prompt" data-testid="trace:prompt">
          {t.payload.prompt}
        </h2>
        <dl className="facts">
          <div>
            <dt>ID</dt>
            <dd>
              <code data-testid="trace:id">{t.id}</code>
            </dd>
          </div>
          <div>
            <dt>Created</dt>
            <dd>
              <time dateTime={t.created_at}>{formatDateTime(t.created_at)}</time>
            </dd>
          </div>
          <div>
            <dt>Version</dt>
            <dd>{t.trace_version}</dd>
          </div>
          <div>
            <dt>Steps</dt>
            <dd>{pluralize(t.payload.steps.length, "step")}</dd>
          </div>
        </dl>
      </header>

      <TraceActions id={t.id} onDeleted={onDeleted} />

      <section aria-labelledby="trace-steps-h">
        <h3 id="trace-steps-h">Steps</h3>
        <Steps trace={t} />
      </section>

      <section aria-labelledby="trace-answer-h">
        <h3 id="trace-answer-h">Final answer</h3>
        <p className="final-answer" data-testid="trace:final-answer">
          {t.payload.final_answer}
        </p>
      </section>

      <section aria-labelledby="trace-scores-h">
        <h3 id="trace-scores-h">Scores</h3>
        <TraceScores id={t.id} />
      </section>

      <section aria-labelledby="trace-meta-h">
        <h3 id="trace-meta-h">Meta</h3>
        {meta && Object.keys(meta).length > 0 ? (
          <pre className="json" data-testid="trace:meta">
            {JSON.stringify(meta, null, 2)}
          </pre>
        ) : (
          <p className="muted" data-testid="trace:meta">
            No meta.
          </p>
        )}
      </section>
    </article>
  );
}
