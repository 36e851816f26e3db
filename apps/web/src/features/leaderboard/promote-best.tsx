import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { PromoteBestResponse } from "@tunix-rt/contracts";
import { type FormEvent, useState } from "react";
import { Link } from "react-router";
import { api } from "../../shared/api";
import { ErrorAlert } from "../../shared/error-alert";
import { queryKeys } from "../../shared/query-keys";

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const pts = (x: number) => `${x >= 0 ? "+" : "−"}${Math.abs(100 * x).toFixed(1)}`;

/** The evidence first (best checkpoint, its interval, the paired test against the runner-up), then the promotion. */
export function PromoteBest({
  evalSet,
  filters,
}: {
  evalSet: string;
  filters: { dataset?: string; trainer?: string; label?: string };
}) {
  const [name, setName] = useState("");
  const [metric, setMetric] = useState<"accuracy" | "format_rate">("accuracy");
  const queryClient = useQueryClient();
  const look = useMutation({
    mutationFn: (promote: boolean) =>
      api.models.promoteBest(name.trim(), { eval_set: evalSet, metric, promote, ...filters }),
    onSuccess: (r) => {
      if (r.promoted) void queryClient.invalidateQueries({ queryKey: queryKeys.models });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    look.mutate(false);
  };
  const r: PromoteBestResponse | undefined = look.data;
  return (
    <section className="card" aria-labelledby="promote-best-h" data-testid="board:promote-best">
      <h2 className="card-title" id="promote-best-h">
        Promote the best
      </h2>
      <form className="inline-form" onSubmit={submit}>
        <label>
          Model name
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
            pattern="[A-Za-z0-9][A-Za-z0-9._\-]{0,127}"
            placeholder="arith-reasoner"
            data-testid="board:promote-name"
          />
        </label>
        <label>
          Best by
          <select
            value={metric}
            onChange={(e) => setMetric(e.target.value as typeof metric)}
            data-testid="board:promote-metric"
          >
            <option value="accuracy">accuracy</option>
            <option value="format_rate">format rate</option>
          </select>
        </label>
        <span className="muted small">on {evalSet}</span>
        <button type="submit" className="btn" disabled={look.isPending} data-testid="board:promote-look">
          Show the evidence
        </button>
      </form>
      {look.isError && (
        <ErrorAlert error={look.error} testId="board:promote-error" title="Could not pick the best" />
      )}
      {r && (
        <div className="promote-evidence" data-testid="board:evidence">
          <p>
            Best by {r.metric}: <Link to={`/runs/${r.best.run_id}`}>{r.best.model}</Link> —{" "}
            {pct(r.best.accuracy)} [{pct(r.best.ci95[0])}–{pct(r.best.ci95[1])}] on {r.best.n} items
            {r.best.contaminated_items ? ` · ⚑ ${r.best.contaminated_items} items seen in training` : ""}
          </p>
          {r.runner_up ? (
            <p data-testid="board:evidence-runner-up">
              Ahead of {r.runner_up.model} by {pts(r.runner_up.difference)} points (95% interval{" "}
              {pts(r.runner_up.ci95[0])} to {pts(r.runner_up.ci95[1])}, McNemar p ={" "}
              {r.runner_up.mcnemar_p.toPrecision(3)}):{" "}
              <strong>
                {r.runner_up.conclusion === "candidate_better"
                  ? "better beyond noise"
                  : "not shown to be better beyond noise"}
              </strong>
              .
            </p>
          ) : (
            <p className="muted">No other trained checkpoint is evaluated on {r.eval_set}.</p>
          )}
          {r.promoted ? (
            <p className="alert alert-success" data-testid="board:promoted">
              Promoted as <Link to={`/models/${r.promoted.name}`}>{r.promoted.ref}</Link>
              {r.promoted.created ? "" : " (that content was already this version)"}.
            </p>
          ) : (
            <button
              type="button"
              className="btn btn-primary"
              disabled={look.isPending}
              onClick={() => look.mutate(true)}
              data-testid="board:promote-confirm"
            >
              Promote as {name.trim()}
            </button>
          )}
        </div>
      )}
    </section>
  );
}
