import type { GeneratorInfo } from "@tunix-rt/contracts";
import { type FormEvent, useState } from "react";
import { Link } from "react-router";
import { Elapsed } from "../../shared/elapsed";
import { ErrorAlert } from "../../shared/error-alert";
import { formatCount, pluralize } from "../../shared/format";
import { DEFAULT_CHOICES, type OptionChoices, requestOptions } from "./generator-options";
import { type GenerationRequest, type GenerationResult, MAX_COUNT } from "./run-generation";
import { useGeneration } from "./use-generation";

function intOrNull(v: string): number | null {
  const n = Number(v.trim());
  return v.trim() !== "" && Number.isSafeInteger(n) ? n : null;
}

function ProgressBar({ done, total, running }: { done: number; total: number; running: boolean }) {
  const pct = total > 0 ? Math.round((done / total) * 100) : 0;
  // One request gives no intermediate count: an indeterminate bar until it answers.
  const indeterminate = running && done === 0;
  return (
    <div className="gen-progress" data-testid="generators:progress">
      <progress max={total || 1} value={indeterminate ? undefined : done} aria-label="Generation progress" />
      <span aria-live="polite" data-testid="generators:progress-text">
        {formatCount(done)} of {formatCount(total)} traces ({pct}%)
      </span>
      {running && <Elapsed />}
    </div>
  );
}

function Result({ result, source }: { result: GenerationResult; source: string }) {
  const last = result.start_index + result.created_count - 1;
  return (
    <div className="gen-result" data-testid="generators:result">
      <p className={`alert ${result.cancelled ? "alert-warning" : "alert-success"}`} role="status">
        <span data-testid="generators:created">
          {result.cancelled ? "Stopped: created " : "Created "}
          {formatCount(result.created_count)} {result.created_count === 1 ? "trace" : "traces"}
        </span>{" "}
        with seed <strong data-testid="generators:seed-used">{result.seed}</strong>
        {result.created_count > 0 && ` (indices ${result.start_index}–${last})`} in{" "}
        {pluralize(result.chunks, "request")}.
      </p>
      {result.preview.length > 0 && (
        <>
          <p className="eyebrow">Preview</p>
          <ul className="gen-preview" data-testid="generators:preview">
            {result.preview.map((p) => (
              <li key={p.trace_id} data-testid="generators:preview-item">
                <Link to={`/traces/${p.trace_id}`} className="gen-preview-prompt">
                  {p.prompt}
                </Link>
                <span className="gen-preview-answer">
                  → <strong>{p.final_answer}</strong>
                </span>
                {p.meta && "difficulty" in p.meta && (
                  <span className="tag tag-muted">difficulty {String(p.meta.difficulty)}</span>
                )}
                {p.meta?.steps === "columns" && <span className="tag tag-muted">columns</span>}
              </li>
            ))}
          </ul>
        </>
      )}
      <div className="toolbar">
        <Link
          className="btn btn-small"
          to={{ pathname: "/traces", search: `?source=${encodeURIComponent(source)}` }}
          data-testid="generators:view-traces"
        >
          See them in Traces
        </Link>
        <Link
          className="btn btn-small"
          to={{ pathname: "/datasets", search: `?source=${encodeURIComponent(source)}` }}
          data-testid="generators:build-dataset"
        >
          Build a dataset from these
        </Link>
      </div>
    </div>
  );
}

/** One generator: what it makes, a form for count, seed and options, and the run's outcome. */
export function GeneratorCard({ info }: { info: GeneratorInfo }) {
  const [count, setCount] = useState("100");
  const [seed, setSeed] = useState("");
  const [startIndex, setStartIndex] = useState("0");
  const [choices, setChoices] = useState<OptionChoices>(DEFAULT_CHOICES);
  const choose = (patch: Partial<OptionChoices>) => setChoices((c) => ({ ...c, ...patch }));
  const { run, progress, cancel } = useGeneration(info.name);
  const offered = Object.keys(info.options);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const req: GenerationRequest = {
      count: intOrNull(count) ?? 0,
      seed: intOrNull(seed),
      start_index: intOrNull(startIndex) ?? 0,
      options: requestOptions(offered, choices),
    };
    run.mutate(req);
  };
  const id = `gen-${info.name}`;

  return (
    <section
      className="card gen-card"
      aria-labelledby={`${id}-h`}
      data-testid={`generators:card-${info.name}`}
    >
      <div className="card-title-row">
        <h2 id={`${id}-h`} className="card-title">
          <code>{info.name}</code>
        </h2>
        <span className="tag gen-source" title="meta.source of the traces it makes">
          source: {info.source}
        </span>
      </div>
      <p className="gen-description">{info.description}</p>
      {Object.entries(info.options).length > 0 && (
        <ul className="muted small gen-options">
          {Object.entries(info.options).map(([k, v]) => (
            <li key={k}>
              <code>{k}</code>: {v}
            </li>
          ))}
        </ul>
      )}
      <form className="gen-form" onSubmit={submit} aria-label={`Generate ${info.name} traces`}>
        <label>
          Count
          <input
            type="number"
            min={1}
            max={MAX_COUNT}
            step={1}
            required
            value={count}
            onChange={(e) => setCount(e.target.value)}
            data-testid="generators:count"
          />
        </label>
        <label>
          Seed
          <input
            type="number"
            min={0}
            step={1}
            value={seed}
            placeholder="random"
            onChange={(e) => setSeed(e.target.value)}
            data-testid="generators:seed"
          />
        </label>
        <label>
          First index
          <input
            type="number"
            min={0}
            step={1}
            value={startIndex}
            onChange={(e) => setStartIndex(e.target.value)}
            data-testid="generators:start-index"
          />
        </label>
        {offered.includes("difficulty") && (
          <label>
            Difficulty
            <select
              value={choices.difficulty}
              onChange={(e) => choose({ difficulty: e.target.value as OptionChoices["difficulty"] })}
              data-testid="generators:difficulty"
            >
              <option value="mixed">mixed</option>
              <option value="1">1 operation</option>
              <option value="2">2 operations</option>
              <option value="3">3 operations</option>
            </select>
          </label>
        )}
        {offered.includes("digits") && (
          <label>
            Operand digits
            <select
              value={choices.digits}
              onChange={(e) => choose({ digits: e.target.value as OptionChoices["digits"] })}
              data-testid="generators:digits"
            >
              <option value="">by difficulty</option>
              <option value="1">up to 1</option>
              <option value="2">up to 2</option>
              <option value="3">up to 3</option>
              <option value="4">up to 4</option>
            </select>
          </label>
        )}
        {offered.includes("steps") && (
          <label>
            Steps
            <select
              value={choices.steps}
              onChange={(e) => choose({ steps: e.target.value as OptionChoices["steps"] })}
              data-testid="generators:steps"
            >
              <option value="operations">per operation</option>
              <option value="columns">digit columns</option>
            </select>
          </label>
        )}
        <div className="gen-actions">
          <button
            type="submit"
            className="btn btn-primary"
            disabled={run.isPending}
            data-testid="generators:submit"
          >
            {run.isPending ? "Generating…" : "Generate"}
          </button>
          {run.isPending && (
            <button type="button" className="btn" onClick={cancel} data-testid="generators:cancel">
              Stop
            </button>
          )}
        </div>
      </form>
      <p className="muted small">
        The same seed and first index make the same traces again (stored as new traces, with new ids).
      </p>
      {(run.isPending || run.isSuccess || (run.isError && progress.total > 0)) && (
        <ProgressBar done={progress.done} total={progress.total} running={run.isPending} />
      )}
      {run.isError && (
        <ErrorAlert
          error={run.error}
          testId="generators:error"
          title={
            progress.done > 0 ? `Stopped after ${formatCount(progress.done)} traces` : "Could not generate"
          }
        />
      )}
      {run.data && <Result result={run.data} source={info.source} />}
    </section>
  );
}
