import { useQuery } from "@tanstack/react-query";
import { api } from "../../shared/api";
import { queryKeys } from "../../shared/query-keys";
import { parseEvalSets, type RunForm } from "./submit-request";

/** The run form's eval sets: each saved checkpoint is evaluated on the ones ticked, while it trains. */
export function ContinuousEvaluation({ form, setForm }: { form: RunForm; setForm: (f: RunForm) => void }) {
  const sets = useQuery({
    queryKey: queryKeys.evalSetList({ limit: 100 }),
    queryFn: () => api.evals.sets.list({ limit: 100 }),
  });
  const chosen = parseEvalSets(form.eval_sets);
  const toggle = (key: string) => {
    const next = chosen.includes(key) ? chosen.filter((k) => k !== key) : [...chosen, key].slice(0, 4);
    setForm({ ...form, eval_sets: next.join(",") });
  };
  const keys = sets.data?.data.map((s) => s.eval_set_key) ?? [];
  return (
    <fieldset data-testid="runs:continuous-eval">
      <legend>Evaluate each checkpoint</legend>
      {keys.length === 0 ? (
        <p className="muted small">No eval sets yet (make one on the Evaluations page).</p>
      ) : (
        <div className="checkbox-row">
          {keys.map((k) => (
            <label key={k} className="check">
              <input
                type="checkbox"
                checked={chosen.includes(k)}
                onChange={() => toggle(k)}
                data-testid={`runs:eval-set-${k}`}
              />
              {k}
            </label>
          ))}
        </div>
      )}
      {chosen.length > 0 && (
        <label>
          Best checkpoint by
          <select
            value={form.best_metric}
            onChange={(e) => setForm({ ...form, best_metric: e.target.value as RunForm["best_metric"] })}
            data-testid="runs:field-best_metric"
          >
            <option value="accuracy">accuracy on {chosen[0]}</option>
            <option value="format_rate">format compliance on {chosen[0]}</option>
          </select>
        </label>
      )}
      <p className="muted small">
        Each saved checkpoint becomes an evaluation run (its own slot on the worker); set “Save every” to
        choose how often.
      </p>
    </fieldset>
  );
}
