import type { RunDetail } from "@tunix-rt/contracts";
import { useEffect, useState } from "react";
import { Link } from "react-router";
import { formatDateTime } from "../../shared/format";
import { isTerminal, STATUS_LABEL } from "../../shared/run-status";
import { between, formatDuration } from "./duration";

/** The current time, ticking every second while `active`. */
function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [active]);
  return now;
}

type StepState = "done" | "current" | "todo";

function Step({
  label,
  at,
  state,
  testId,
  tone,
}: {
  label: string;
  at: string | null;
  state: StepState;
  testId: string;
  tone?: string;
}) {
  return (
    <li className={`tl-step tl-${state}${tone ? ` tl-${tone}` : ""}`} data-testid={testId} data-state={state}>
      <span className="tl-dot" aria-hidden="true" />
      <span className="tl-label">{label}</span>
      <span className="tl-time muted small">
        {at ? <time dateTime={at}>{formatDateTime(at)}</time> : state === "current" ? "…" : "—"}
      </span>
    </li>
  );
}

function Gap({ ms, verb, live }: { ms: number | null; verb: string; live: boolean }) {
  return (
    <li className={`tl-gap${live ? " tl-gap-live" : ""}`} aria-hidden={ms === null}>
      {ms !== null && (
        <span className="small">
          {verb} {formatDuration(ms)}
        </span>
      )}
    </li>
  );
}

/** Queued → started → ended, with the wait and the run time between (ticking while it goes on). */
export function RunTimeline({ run }: { run: RunDetail }) {
  const done = isTerminal(run.status);
  const now = useNow(!done);
  const started = run.started_at !== null;
  const wait = between(run.queued_at, run.started_at ?? (done ? run.completed_at : null), now);
  const ran = started ? between(run.started_at, run.completed_at, now) : null;
  const endTone =
    run.status === "completed" ? "ok" : run.status === "cancelled" ? "muted" : done ? "bad" : undefined;

  return (
    <div className="timeline-block">
      <ol className="timeline" data-testid="run:timeline">
        <Step label="Queued" at={run.queued_at} state="done" testId="run:tl-queued" />
        <Gap ms={wait} verb={started ? "waited" : done ? "waited" : "waiting"} live={!started && !done} />
        <Step
          label="Started"
          at={run.started_at}
          state={started ? "done" : done ? "todo" : "current"}
          testId="run:tl-started"
        />
        <Gap ms={ran} verb={done ? "ran" : "running"} live={started && !done} />
        <Step
          label={
            done
              ? `Ended: ${STATUS_LABEL[run.status]}`
              : run.status === "cancel_requested"
                ? "Cancelling"
                : "Ended"
          }
          at={run.completed_at}
          state={done ? "done" : started ? "current" : "todo"}
          testId="run:tl-ended"
          tone={endTone}
        />
      </ol>
      <dl className="facts">
        <div>
          <dt>Attempt</dt>
          <dd data-testid="run:attempt">
            {run.attempt} of {run.max_attempts}
          </dd>
        </div>
        <div>
          <dt>Worker</dt>
          <dd>
            <code data-testid="run:worker">{run.worker_id ?? "—"}</code>
          </dd>
        </div>
        <div>
          <dt>Exit code</dt>
          <dd data-testid="run:exit-code">{run.exit_code ?? "—"}</dd>
        </div>
        <div>
          <dt>Priority</dt>
          <dd>{run.priority}</dd>
        </div>
        <div>
          <dt>Labels</dt>
          <dd>
            {run.labels.length
              ? run.labels.map((l) => (
                  <span key={l} className="tag">
                    {l}
                  </span>
                ))
              : "—"}
          </dd>
        </div>
        {run.retry_of && (
          <div>
            <dt>Retry of</dt>
            <dd>
              <Link to={`/runs/${run.retry_of}`} data-testid="run:retry-of">
                <code>{run.retry_of.slice(0, 8)}</code>
              </Link>
            </dd>
          </div>
        )}
        {run.resumable_from && (
          <div>
            <dt>Resumable from</dt>
            <dd>
              <code data-testid="run:resumable-from">{run.resumable_from}</code>
            </dd>
          </div>
        )}
      </dl>
      {run.error && (
        <div className="alert alert-error" role="alert" data-testid="run:error">
          <strong className="alert-title">
            {run.status === "timeout" ? "Timed out" : run.status === "cancelled" ? "Cancelled" : "Failed"}
          </strong>
          <p className="pre-line">{run.error}</p>
        </div>
      )}
    </div>
  );
}
