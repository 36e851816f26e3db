import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { EvaluationDetail } from "@tunix-rt/contracts";
import { type FormEvent, useState } from "react";
import { api } from "../../shared/api";
import { ErrorAlert } from "../../shared/error-alert";
import { queryKeys } from "../../shared/query-keys";

interface Props {
  /** Evaluating one run's checkpoints (its page): the run is fixed. */
  runId?: string;
  onQueued: (e: EvaluationDetail) => void;
}

/**
 * Queues an evaluation: a training run's checkpoint (final, best, the untrained init, or a step)
 * or a base model, on an eval set; prompts are rendered as the model was trained.
 */
export function EvaluateForm({ runId, onQueued }: Props) {
  const queryClient = useQueryClient();
  const [evalSet, setEvalSet] = useState("");
  const [target, setTarget] = useState<"run" | "base">("run");
  const [run, setRun] = useState(runId ?? "");
  const [checkpoint, setCheckpoint] = useState("final");
  const [trainer, setTrainer] = useState("tunix");
  const [model, setModel] = useState("");
  const [maxNew, setMaxNew] = useState("256");
  const sets = useQuery({
    queryKey: queryKeys.evalSetList({ limit: 100 }),
    queryFn: () => api.evals.sets.list({ limit: 100 }),
  });
  const runs = useQuery({
    queryKey: queryKeys.runList({ limit: 50, kind: "train", mode: "local" }),
    queryFn: () => api.runs.list({ limit: 50, kind: "train", mode: "local" }),
    enabled: !runId,
  });
  const setKeys = sets.data?.data.map((s) => s.eval_set_key) ?? [];
  const chosenSet = evalSet || setKeys[0] || "";
  const chosenRun = run || runs.data?.data[0]?.run_id || "";
  const submit = useMutation({
    mutationFn: () =>
      api.evals.submit({
        eval_set: chosenSet,
        model: target === "run" ? { run_id: chosenRun, checkpoint } : { trainer, model_id: model },
        max_new_tokens: Number(maxNew) || undefined,
      }),
    onSuccess: (e) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.evals });
      onQueued(e);
    },
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    submit.mutate();
  };

  return (
    <form onSubmit={onSubmit} data-testid="evals:evaluate-form">
      <div className="form-grid form-grid-3">
        <label>
          Eval set
          <select
            value={chosenSet}
            onChange={(e) => setEvalSet(e.target.value)}
            data-testid="evals:evaluate-set"
          >
            {setKeys.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </label>
        {!runId && (
          <label>
            Model
            <select
              value={target}
              onChange={(e) => setTarget(e.target.value as "run" | "base")}
              data-testid="evals:evaluate-target"
            >
              <option value="run">a training run's checkpoint</option>
              <option value="base">a base model</option>
            </select>
          </label>
        )}
        {target === "run" && !runId && (
          <label>
            Run
            <select
              value={chosenRun}
              onChange={(e) => setRun(e.target.value)}
              data-testid="evals:evaluate-run"
            >
              {(runs.data?.data ?? []).map((r) => (
                <option key={r.run_id} value={r.run_id}>
                  {r.run_id.slice(0, 8)} · {r.dataset_key} · {r.model_id} · {r.status}
                </option>
              ))}
            </select>
          </label>
        )}
        {target === "run" && (
          <label>
            Checkpoint
            <input
              list="eval-checkpoints"
              value={checkpoint}
              onChange={(e) => setCheckpoint(e.target.value)}
              data-testid="evals:evaluate-checkpoint"
            />
            <datalist id="eval-checkpoints">
              <option value="final">the last checkpoint of a finished run</option>
              <option value="best">the best by continuous evaluation</option>
              <option value="init">the untrained model (baseline)</option>
            </datalist>
          </label>
        )}
        {target === "base" && (
          <>
            <label>
              Trainer
              <input
                value={trainer}
                onChange={(e) => setTrainer(e.target.value)}
                data-testid="evals:evaluate-trainer"
              />
            </label>
            <label>
              Model id
              <input
                value={model}
                onChange={(e) => setModel(e.target.value)}
                placeholder="gemma-3-1b-it"
                required
                data-testid="evals:evaluate-model"
              />
            </label>
          </>
        )}
        <label>
          Max new tokens
          <input
            type="number"
            min={1}
            max={8192}
            value={maxNew}
            onChange={(e) => setMaxNew(e.target.value)}
            data-testid="evals:evaluate-max-new"
          />
        </label>
      </div>
      {setKeys.length === 0 && sets.isSuccess && <p className="muted">Make an eval set first.</p>}
      {submit.isError && (
        <ErrorAlert
          error={submit.error}
          testId="evals:evaluate-error"
          title="Could not queue the evaluation"
        />
      )}
      <button
        type="submit"
        className="btn btn-primary"
        disabled={submit.isPending || !chosenSet}
        data-testid="evals:evaluate-submit"
      >
        {submit.isPending ? "Queueing…" : "Evaluate"}
      </button>
    </form>
  );
}
