import { useNavigate } from "react-router";
import { CreateEvalSet } from "../features/evals/create-eval-set";
import { EvalSetsList } from "../features/evals/eval-sets-list";
import { EvaluateForm } from "../features/evals/evaluate-form";
import { EvaluationsList } from "../features/evals/evaluations-list";
import "../features/evals/evals.css";

/** /evals: evaluations (live), evaluating a model, and the eval sets they use. */
export function EvalsRoute() {
  const navigate = useNavigate();
  return (
    <div className="evals-page">
      <title>Evaluations · tunix-rt</title>
      <section className="card" aria-labelledby="evals-h">
        <h1 id="evals-h" className="card-title">
          Evaluations
        </h1>
        <p className="muted">
          How a model does on questions it has not seen: the answer is extracted from its reasoning and
          compared with the expected one; accuracy comes with its 95% interval.
        </p>
        <EvaluationsList />
      </section>
      <section className="card" aria-labelledby="evaluate-h">
        <h2 id="evaluate-h" className="card-title">
          Evaluate a model
        </h2>
        <EvaluateForm onQueued={(e) => navigate(`/evals/${e.evaluation_id}`)} />
      </section>
      <section className="card" aria-labelledby="sets-h">
        <h2 id="sets-h" className="card-title">
          Eval sets
        </h2>
        <EvalSetsList />
      </section>
      <section className="card">
        <CreateEvalSet />
      </section>
    </div>
  );
}
