import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { RunDetail, SubmitRunBodyInput } from "@tunix-rt/contracts";
// The subpath keeps zod and the schemas out of the web bundle.
import { trainerPreset } from "@tunix-rt/contracts/trainer-presets";
import { type ReactNode, useState } from "react";
import { Link } from "react-router";
import { api } from "../../shared/api";
import { ErrorAlert } from "../../shared/error-alert";
import { formatCount } from "../../shared/format";
import { queryKeys } from "../../shared/query-keys";
import { ContinuousEvaluation } from "./continuous-evaluation";
import { Findings } from "./findings";
import {
  DEFAULT_RUN_FORM,
  type FieldErrors,
  NUMBER_RULES,
  type NumberField,
  type RunForm,
  type RunFormField,
  runBody,
} from "./submit-request";
import { TrainerBackends } from "./trainer-backends";

interface Props {
  /** Prefilled fields: a dataset from its page, or a whole earlier run to submit again. */
  initial?: Partial<RunForm>;
  onStarted: (run: RunDetail) => void;
}

/** Every trainer a live worker offers, and how many live workers offer each. */
function liveTrainers(workers: { trainers: string[]; alive: boolean }[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const w of workers) if (w.alive) for (const t of w.trainers) m.set(t, (m.get(t) ?? 0) + 1);
  return new Map([...m].sort((a, b) => a[0].localeCompare(b[0])));
}

/**
 * The run form: every SubmitRunBody field with its default, checked here by the contract's rules
 * before anything is sent; "Dry run" shows the server's findings, "Start run" queues it.
 */
export function SubmitRunForm({ initial, onStarted }: Props) {
  const queryClient = useQueryClient();
  const [form, setForm] = useState<RunForm>({ ...DEFAULT_RUN_FORM, ...initial });
  const [showErrors, setShowErrors] = useState(false);
  const datasets = useQuery({
    queryKey: queryKeys.datasetList({ limit: 100 }),
    queryFn: () => api.datasets.list({ limit: 100 }),
  });
  const workers = useQuery({
    queryKey: queryKeys.workers,
    queryFn: () => api.workers.list(),
    refetchInterval: 10_000,
  });
  const trainers = liveTrainers(workers.data?.data ?? []);
  const datasetKeys = datasets.data?.data.map((d) => d.dataset_key) ?? [];
  // Until one is picked, the first dataset and the first live trainer are the choice.
  const effective: RunForm = {
    ...form,
    dataset_key: form.dataset_key || datasetKeys[0] || "",
    trainer: form.trainer || [...trainers.keys()][0] || "",
  };
  const checked = runBody(effective, true);
  // Left empty, model and learning rate are the chosen trainer's preset: the inputs say which.
  const preset = trainerPreset(effective.trainer);
  const placeholders: Partial<Record<RunFormField, string>> = preset
    ? {
        model_id: `${preset.model_id} (${effective.trainer}'s default)`,
        learning_rate: `${preset.learning_rate} (${effective.trainer}'s default)`,
      }
    : { model_id: "required for this trainer, e.g. google/gemma-3-1b-it" };
  const errors: FieldErrors = showErrors && checked.errors ? checked.errors : {};

  const submit = useMutation({
    mutationFn: (body: SubmitRunBodyInput) => api.runs.submit(body),
    onSuccess: (run) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.runLists });
      queryClient.setQueryData(queryKeys.run(run.run_id), run);
      if (run.mode !== "dry-run") onStarted(run);
    },
  });
  const send = (dryRun: boolean) => {
    setShowErrors(true);
    const r = runBody(effective, dryRun);
    if (r.body) submit.mutate(r.body);
    else submit.reset();
  };

  const set =
    (key: RunFormField) =>
    (e: { target: { value: string } }): void => {
      setForm((f) => ({ ...f, [key]: e.target.value }));
      // Findings and refusals were about the form as it was.
      if (!submit.isPending) submit.reset();
    };

  const num = (field: NumberField, label: string, hint?: string) => {
    const rule = NUMBER_RULES[field];
    return (
      <Field label={label} field={field} errors={errors} hint={hint}>
        <input
          id={`run-${field}`}
          type="number"
          inputMode={rule.int ? "numeric" : "decimal"}
          step={rule.int ? 1 : "any"}
          min={rule.exclusiveMin ? undefined : rule.min}
          max={rule.max}
          value={form[field]}
          onChange={set(field)}
          placeholder={placeholders[field] ?? (rule.optional ? "not set" : undefined)}
          aria-invalid={errors[field] ? true : undefined}
          aria-describedby={errors[field] ? `run-${field}-error` : undefined}
          data-testid={`runs:field-${field}`}
        />
      </Field>
    );
  };

  const result = submit.data?.mode === "dry-run" ? submit.data : null;
  const errorCount = checked.errors ? Object.keys(checked.errors).length : 0;

  return (
    <form
      className="run-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        send(false);
      }}
      aria-labelledby="run-form-h"
      data-testid="runs:form"
    >
      <h2 id="run-form-h" className="card-title">
        New run
      </h2>
      <p className="muted small">
        A worker that offers the trainer (and every label) claims the run, renders the dataset and starts the
        trainer. A dry run checks it all without starting anything.
      </p>

      <fieldset>
        <legend>What to train</legend>
        <div className="form-grid">
          <Field label="Dataset" field="dataset_key" errors={errors}>
            <select
              id="run-dataset_key"
              value={effective.dataset_key}
              onChange={set("dataset_key")}
              data-testid="runs:field-dataset_key"
            >
              {datasetKeys.length === 0 && (
                <option value="">{datasets.isPending ? "Loading…" : "No datasets"}</option>
              )}
              {effective.dataset_key && !datasetKeys.includes(effective.dataset_key) && (
                <option value={effective.dataset_key}>{effective.dataset_key}</option>
              )}
              {datasets.data?.data.map((d) => (
                <option key={d.dataset_key} value={d.dataset_key}>
                  {d.dataset_key} ({formatCount(d.trace_count)})
                </option>
              ))}
            </select>
          </Field>
          <Field
            label="Trainer"
            field="trainer"
            errors={errors}
            hint={trainers.size === 0 && workers.isSuccess ? "no live worker offers a trainer" : undefined}
          >
            <select
              id="run-trainer"
              value={effective.trainer}
              onChange={set("trainer")}
              data-testid="runs:field-trainer"
            >
              {trainers.size === 0 && !effective.trainer && <option value="">No live trainer</option>}
              {effective.trainer && !trainers.has(effective.trainer) && (
                <option value={effective.trainer}>{effective.trainer} (no live worker)</option>
              )}
              {[...trainers].map(([t, n]) => (
                <option key={t} value={t}>
                  {t} ({n} {n === 1 ? "worker" : "workers"})
                </option>
              ))}
            </select>
          </Field>
          <div className="span-2">
            <Field label="Name (optional)" field="name" errors={errors}>
              <input
                id="run-name"
                value={form.name}
                onChange={set("name")}
                placeholder="e.g. lr 4e-3, warmup 200"
                data-testid="runs:field-name"
              />
            </Field>
          </div>
          <div className="span-2">
            <Field label="Model id" field="model_id" errors={errors}>
              <input
                id="run-model_id"
                value={form.model_id}
                onChange={set("model_id")}
                placeholder={placeholders.model_id}
                data-testid="runs:field-model_id"
              />
            </Field>
          </div>
        </div>
        <details className="trainer-backends-box" data-testid="runs:backends">
          <summary className="small">Trainer backends on the server's host</summary>
          <TrainerBackends />
        </details>
      </fieldset>

      <fieldset>
        <legend>Hyperparameters</legend>
        <div className="form-grid form-grid-3">
          {num("learning_rate", "Learning rate")}
          <Field label="Train for" field="schedule" errors={errors}>
            <select
              id="run-schedule"
              value={form.schedule}
              onChange={set("schedule")}
              data-testid="runs:field-schedule"
            >
              <option value="epochs">epochs</option>
              <option value="steps">max steps</option>
            </select>
          </Field>
          {form.schedule === "epochs" ? num("num_epochs", "Epochs") : num("max_steps", "Max steps")}
          {num("batch_size", "Batch size")}
          {num("max_seq_length", "Max sequence length", "tokens")}
          {num("warmup_steps", "Warmup steps")}
          {num("weight_decay", "Weight decay")}
          {num("seed", "Seed")}
          {num("eval_every_steps", "Eval every (steps)")}
          {num("save_every_steps", "Save every (steps)")}
        </div>
      </fieldset>

      <ContinuousEvaluation form={form} setForm={setForm} />

      <fieldset>
        <legend>Trainer options</legend>
        <Field label="JSON object, passed to the trainer as is" field="trainer_options" errors={errors}>
          <textarea
            id="run-trainer_options"
            className="code-input"
            rows={3}
            spellCheck={false}
            value={form.trainer_options}
            onChange={set("trainer_options")}
            data-testid="runs:field-trainer_options"
          />
        </Field>
      </fieldset>

      <fieldset>
        <legend>Queue</legend>
        <div className="form-grid">
          <Field
            label="Labels"
            field="labels"
            errors={errors}
            hint="a worker needs every one; comma-separated"
          >
            <input
              id="run-labels"
              value={form.labels}
              onChange={set("labels")}
              placeholder="e.g. gpu, a100"
              data-testid="runs:field-labels"
            />
          </Field>
          {num("priority", "Priority", "higher runs first")}
          {num("max_attempts", "Max attempts", "retries after a lost worker")}
          {num("timeout_seconds", "Timeout (seconds)", "none when empty")}
        </div>
      </fieldset>

      <details className="run-more" data-testid="runs:more">
        <summary>Prompt rendering and resuming</summary>
        <div className="form-grid">
          <Field label="Response style" field="response_style" errors={errors}>
            <select
              id="run-response_style"
              value={form.response_style}
              onChange={set("response_style")}
              data-testid="runs:field-response_style"
            >
              <option value="numbered">numbered</option>
              <option value="tagged">tagged</option>
            </select>
          </Field>
          <Field
            label="Resume from"
            field="resume_from"
            errors={errors}
            hint="<run id> or <run id>/checkpoints/<step>"
          >
            <input
              id="run-resume_from"
              value={form.resume_from}
              onChange={set("resume_from")}
              placeholder="not set"
              data-testid="runs:field-resume_from"
            />
          </Field>
          <div className="span-2">
            <Field label="System instruction" field="system_instruction" errors={errors}>
              <textarea
                id="run-system_instruction"
                rows={2}
                value={form.system_instruction}
                onChange={set("system_instruction")}
                placeholder="the template's default"
                data-testid="runs:field-system_instruction"
              />
            </Field>
          </div>
        </div>
      </details>

      {showErrors && errorCount > 0 && (
        <p className="alert alert-error" role="alert" data-testid="runs:form-invalid">
          {errorCount === 1 ? "One field needs" : `${errorCount} fields need`} fixing before this can be sent.
        </p>
      )}
      {submit.isError && (
        <ErrorAlert error={submit.error} testId="runs:submit-error" title="The server refused the run" />
      )}
      {result?.findings && (
        <>
          <Findings findings={result.findings} />
          <p className="muted small">
            Recorded as dry run{" "}
            <Link to={`/runs/${result.run_id}`} data-testid="runs:dry-run-link" data-run-id={result.run_id}>
              <code>{result.run_id.slice(0, 8)}</code>
            </Link>
            .
          </p>
        </>
      )}

      <div className="form-actions">
        <button
          type="button"
          className="btn"
          disabled={submit.isPending}
          onClick={() => send(true)}
          data-testid="runs:dry-run"
        >
          {submit.isPending && submit.variables?.dry_run ? "Checking…" : "Dry run"}
        </button>
        <button
          type="submit"
          className="btn btn-primary"
          disabled={submit.isPending}
          data-testid="runs:start"
        >
          {submit.isPending && !submit.variables?.dry_run ? "Starting…" : "▶ Start run"}
        </button>
      </div>
    </form>
  );
}

function Field({
  label,
  field,
  errors,
  hint,
  children,
}: {
  label: string;
  field: RunFormField;
  errors: FieldErrors;
  hint?: string;
  children: ReactNode;
}) {
  const error = errors[field];
  return (
    <div className={`field${error ? " field-invalid" : ""}`}>
      <label htmlFor={`run-${field}`}>{label}</label>
      {children}
      {error ? (
        <span className="field-error" id={`run-${field}-error`} data-testid={`runs:error-${field}`}>
          {error}
        </span>
      ) : (
        hint && <span className="field-hint muted">{hint}</span>
      )}
    </div>
  );
}
