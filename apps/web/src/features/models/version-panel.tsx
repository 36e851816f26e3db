import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ModelVersion } from "@tunix-rt/contracts";
import { type FormEvent, useState } from "react";
import { Link } from "react-router";
import { api } from "../../shared/api";
import { ErrorAlert } from "../../shared/error-alert";
import { formatBytes, formatDateTime } from "../../shared/format";
import { queryKeys } from "../../shared/query-keys";

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** Moves an alias (production, candidate, …) to this version. */
function AliasForm({ v }: { v: ModelVersion }) {
  const [alias, setAlias] = useState("production");
  const queryClient = useQueryClient();
  const move = useMutation({
    mutationFn: () => api.models.setAlias(v.name, alias.trim(), v.version),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.models }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    move.mutate();
  };
  return (
    <form className="inline-form" onSubmit={submit} data-testid="model:alias-form">
      <label>
        Point alias
        <input
          value={alias}
          onChange={(e) => setAlias(e.target.value)}
          required
          pattern="[a-z][a-z0-9_\-]{0,63}"
          data-testid="model:alias-input"
        />
      </label>
      <button type="submit" className="btn" disabled={move.isPending} data-testid="model:alias-set">
        at v{v.version}
      </button>
      {move.isError && (
        <ErrorAlert error={move.error} testId="model:alias-error" title="Could not move the alias" />
      )}
    </form>
  );
}

/** Gates this version against a pinned baseline: the verdict and its evidence. */
function GateCheck({ v }: { v: ModelVersion }) {
  const baselines = useQuery({ queryKey: queryKeys.baselines, queryFn: () => api.evals.baselines.list() });
  const [name, setName] = useState("");
  const gate = useMutation({
    mutationFn: (b: string) => api.evals.gate({ baseline_name: b, candidate: v.ref }),
  });
  const list = baselines.data?.data ?? [];
  if (baselines.isSuccess && list.length === 0)
    return <p className="muted small">No regression baselines pinned yet (tunix-rt evals baseline set …).</p>;
  const chosen = name || list[0]?.name || "";
  return (
    <div data-testid="model:gate">
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (chosen) gate.mutate(chosen);
        }}
      >
        <label>
          Baseline
          <select value={chosen} onChange={(e) => setName(e.target.value)} data-testid="model:gate-baseline">
            {list.map((b) => (
              <option key={b.name} value={b.name}>
                {b.name} ({b.eval_set})
              </option>
            ))}
          </select>
        </label>
        <button
          type="submit"
          className="btn"
          disabled={gate.isPending || !chosen}
          data-testid="model:gate-check"
        >
          Check
        </button>
      </form>
      {gate.isError && (
        <ErrorAlert error={gate.error} testId="model:gate-error" title="Could not run the gate" />
      )}
      {gate.data && (
        <p
          className={`alert ${gate.data.verdict === "pass" ? "alert-success" : gate.data.verdict === "fail" ? "alert-error" : "alert-warning"}`}
          data-testid="model:gate-result"
          data-verdict={gate.data.verdict}
        >
          <strong>{gate.data.verdict.toUpperCase()}</strong> {gate.data.reason}
        </p>
      )}
    </div>
  );
}

/** One version: what it is, where it came from, how it scored, its download and aliases. */
export function VersionPanel({ v }: { v: ModelVersion }) {
  const l = v.lineage;
  return (
    <section className="card" aria-labelledby="version-h" data-testid="model:version">
      <div className="card-title-row">
        <h2 className="card-title" id="version-h">
          {v.ref}
          {v.aliases.map((a) => (
            <span key={a} className="tag">
              {a}
            </span>
          ))}
        </h2>
        <a
          className="btn btn-primary"
          href={api.models.downloadUrl(v.name, v.version)}
          download
          data-testid="model:download"
        >
          Download .tar ({formatBytes(v.size_bytes)})
        </a>
      </div>
      {v.description && <p>{v.description}</p>}
      <dl className="facts">
        <dt>Content</dt>
        <dd>
          <code>sha256 {v.sha256}</code> · {v.file_count} files
        </dd>
        <dt>From</dt>
        <dd>
          <Link to={`/runs/${l.run.id}`}>{l.run.name ?? l.run.id}</Link> · {v.checkpoint} · {l.run.trainer},{" "}
          {l.run.model_id}
        </dd>
        <dt>Trained on</dt>
        <dd>
          <Link to={`/datasets/${l.dataset.key}`}>{l.dataset.key}</Link>
          {l.dataset.content_hash && (
            <span className="muted small"> content {l.dataset.content_hash.slice(0, 12)}</span>
          )}
        </dd>
        <dt>Promoted</dt>
        <dd>{formatDateTime(v.created_at)}</dd>
      </dl>
      <h3>Evaluations at promotion</h3>
      {l.evaluations.length === 0 ? (
        <p className="muted">None: this checkpoint was not evaluated before it was promoted.</p>
      ) : (
        <ul data-testid="model:evaluations">
          {l.evaluations.map((e) => (
            <li key={e.evaluation_id}>
              <Link to={`/evals/${e.evaluation_id}`}>{e.eval_set}</Link>: {pct(e.accuracy)} [{pct(e.ci95[0])}–
              {pct(e.ci95[1])}] n={e.n}
              {e.contaminated_items ? (
                <span className="tag tag-warning">⚑ {e.contaminated_items} seen in training</span>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <h3>Regression gate</h3>
      <GateCheck v={v} />
      <h3>Aliases</h3>
      <AliasForm v={v} />
    </section>
  );
}
