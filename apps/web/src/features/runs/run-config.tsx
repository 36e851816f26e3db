import type { RunDetail } from "@tunix-rt/contracts";
import { Link } from "react-router";
import { formatValue } from "./metrics/series";

/** The resolved config the trainer got (run.json), and the final metrics once there are any. */
export function RunConfig({ run }: { run: RunDetail }) {
  const finals = Object.entries(run.final_metrics ?? {});
  return (
    <section className="card" aria-labelledby="config-h" data-testid="run:config">
      <h2 id="config-h" className="card-title">
        Configuration
      </h2>
      <dl className="facts">
        <div>
          <dt>Dataset</dt>
          <dd>
            <Link to={`/datasets/${encodeURIComponent(run.dataset_key)}`}>{run.dataset_key}</Link>
          </dd>
        </div>
        <div>
          <dt>Model</dt>
          <dd>
            <code>{run.model_id}</code>
          </dd>
        </div>
        <div>
          <dt>Trainer</dt>
          <dd>{run.trainer}</dd>
        </div>
        <div>
          <dt>Output directory</dt>
          <dd>
            <code className="wrap-anywhere">{run.output_dir}</code>
          </dd>
        </div>
      </dl>
      {finals.length > 0 && (
        <>
          <h3>Final metrics</h3>
          <table className="table final-metrics" data-testid="run:final-metrics">
            <tbody>
              {finals.map(([k, v]) => (
                <tr key={k}>
                  <th scope="row">{k}</th>
                  <td className="num">{formatValue(v)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <h3>run.json config</h3>
      <pre className="json" data-testid="run:config-json">
        {JSON.stringify(run.config, null, 2)}
      </pre>
    </section>
  );
}
