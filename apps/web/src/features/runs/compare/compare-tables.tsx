import type { RunComparison } from "@tunix-rt/contracts";
import { useState } from "react";
import { Link } from "react-router";
import { StatusBadge } from "../../../shared/status-badge";
import { formatValue } from "../metrics/series";
import { RUN_COLORS, shortIds, show } from "./compare-data";

function RunHeads({ c }: { c: RunComparison }) {
  const names = shortIds(c.runs.map((r) => r.run_id));
  return (
    <>
      {c.runs.map((r, i) => (
        <th key={r.run_id} scope="col">
          <span className="compare-swatch" style={{ background: RUN_COLORS[i % RUN_COLORS.length] }} />
          <Link to={`/runs/${r.run_id}`}>
            <code>{names[i]}</code>
          </Link>{" "}
          <StatusBadge status={r.status} />
        </th>
      ))}
    </>
  );
}

/** The settings that differ between the runs (all of them on request). */
export function CompareParams({ c }: { c: RunComparison }) {
  const [all, setAll] = useState(false);
  const rows = c.params.filter((p) => all || p.differs);
  const same = c.params.filter((p) => !p.differs).length;
  return (
    <section className="card" aria-labelledby="compare-params-h">
      <div className="card-title-row">
        <h2 id="compare-params-h" className="card-title">
          {all ? "Settings" : "Settings that differ"}
        </h2>
        <label className="muted small">
          <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} /> show the {same}{" "}
          that are the same
        </label>
      </div>
      <div className="table-scroll">
        <table className="table compare-table" data-testid="compare:params">
          <thead>
            <tr>
              <th scope="col">Setting</th>
              <RunHeads c={c} />
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td colSpan={c.runs.length + 1} className="muted">
                  None: the runs were configured alike.
                </td>
              </tr>
            )}
            {rows.map((p) => (
              <tr
                key={p.key}
                data-testid={`compare:param-${p.key}`}
                className={p.differs ? "differs" : undefined}
              >
                <td className="compare-key">
                  <code>{p.key}</code>
                </td>
                {p.values.map((v, i) => (
                  <td key={c.runs[i]!.run_id}>{show(v)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** Each metric's final value per run, with the best point where "better" is known (best marked). */
export function CompareMetrics({ c }: { c: RunComparison }) {
  return (
    <section className="card" aria-labelledby="compare-metrics-h">
      <h2 id="compare-metrics-h" className="card-title">
        Final and best metrics
      </h2>
      <div className="table-scroll">
        <table className="table compare-table" data-testid="compare:metrics">
          <thead>
            <tr>
              <th scope="col">Metric</th>
              <RunHeads c={c} />
            </tr>
          </thead>
          <tbody>
            {c.metrics.map((m) => {
              const finals = m.final.filter((v): v is number => v !== null);
              const winner =
                m.better === null || finals.length < 2
                  ? null
                  : m.better === "lower"
                    ? Math.min(...finals)
                    : Math.max(...finals);
              return (
                <tr key={m.name} data-testid={`compare:metric-${m.name}`}>
                  <td className="compare-key">
                    <code>{m.name}</code>{" "}
                    {m.better && <span className="muted small">{m.better === "lower" ? "↓" : "↑"}</span>}
                  </td>
                  {m.final.map((f, i) => {
                    const best = m.best[i];
                    return (
                      <td
                        key={c.runs[i]!.run_id}
                        className={f !== null && f === winner ? "compare-best" : undefined}
                      >
                        {f === null ? "—" : formatValue(f)}
                        {best && best.value !== f && (
                          <span className="muted small">
                            {" "}
                            (best {formatValue(best.value)} at {best.step})
                          </span>
                        )}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
