import type { DatasetDetail } from "@tunix-rt/contracts";
import { useState } from "react";
import { api } from "../../shared/api";
import { formatCount } from "../../shared/format";
import { orderedSplits } from "./split-sizes";

type Style = "numbered" | "tagged";

const FORMATS = [
  { name: "trace", what: "The stored traces, as imported (seed format)", styled: false },
  { name: "tunix_sft", what: "Gemma chat template in `prompts`, for Tunix SFT (seed format)", styled: true },
  { name: "training_example", what: "prompt / response pairs with stable ids (seed format)", styled: true },
  { name: "chat", what: "messages: user / assistant, for Hugging Face and OpenAI tools", styled: true },
] as const;

/** One download link per format and split: plain links, so the browser streams them to disk. */
export function ExportDownloads({ dataset }: { dataset: DatasetDetail }) {
  const [style, setStyle] = useState<Style>("numbered");
  const [system, setSystem] = useState("");
  const key = dataset.dataset_key;
  const splits = [
    { name: "", label: "all", count: dataset.trace_count },
    ...orderedSplits(dataset.split_counts)
      .filter((s) => s.count > 0)
      .map((s) => ({ ...s, label: s.name })),
  ];

  return (
    <section className="card" aria-labelledby="export-h" data-testid="dataset:exports">
      <h2 id="export-h" className="card-title">
        Export
      </h2>
      <div className="render-options export-options">
        <label>
          Response style
          <select
            value={style}
            onChange={(e) => setStyle(e.target.value as Style)}
            data-testid="dataset:export-style"
          >
            <option value="numbered">numbered</option>
            <option value="tagged">tagged</option>
          </select>
        </label>
        <label className="render-options-wide">
          System instruction (optional)
          <input
            value={system}
            onChange={(e) => setSystem(e.target.value)}
            placeholder="none"
            data-testid="dataset:export-system"
          />
        </label>
      </div>
      <div className="table-scroll">
        <table className="table export-table">
          <thead>
            <tr>
              <th>Format</th>
              {splits.map((s) => (
                <th key={s.label} className="num">
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {FORMATS.map((f) => (
              <tr key={f.name}>
                <th scope="row">
                  <code>{f.name}</code>
                  <div className="muted small export-what">{f.what}</div>
                </th>
                {splits.map((s) => {
                  const href = api.datasets.exportUrl(key, {
                    format: f.name,
                    split: (s.name || undefined) as "train" | "val" | "test" | undefined,
                    ...(f.styled
                      ? { response_style: style, system_instruction: system.trim() || undefined }
                      : {}),
                  });
                  return (
                    <td key={s.label} className="num">
                      <a
                        className="btn btn-small"
                        href={href}
                        download
                        title={`${f.name}, ${s.label}: ${s.count} lines`}
                        data-testid={`dataset:export-${f.name}-${s.label}`}
                      >
                        ⬇ {formatCount(s.count)}
                      </a>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted small">
        NDJSON, one line per trace, streamed. Response style and system instruction apply to every format but{" "}
        <code>trace</code>.
      </p>
    </section>
  );
}
