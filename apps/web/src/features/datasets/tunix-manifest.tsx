import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api } from "../../shared/api";
import { ErrorAlert } from "../../shared/error-alert";

interface Fields {
  model_id: string;
  output_dir: string;
  learning_rate: string;
  num_epochs: string;
  batch_size: string;
  max_seq_length: string;
}

/** A Tunix SFT manifest (the seed's YAML) pointing at this dataset's rendered training data. */
export function TunixManifestPanel({ datasetKey }: { datasetKey: string }) {
  const [f, setF] = useState<Fields>({
    model_id: "google/gemma-3-1b-it",
    output_dir: `./output/${datasetKey}`,
    learning_rate: "2e-5",
    num_epochs: "3",
    batch_size: "8",
    max_seq_length: "2048",
  });
  const set = (k: keyof Fields) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const manifest = useMutation({
    mutationFn: () =>
      api.tunix.sftManifest({
        dataset_key: datasetKey,
        model_id: f.model_id.trim(),
        output_dir: f.output_dir.trim(),
        learning_rate: Number(f.learning_rate),
        num_epochs: Number(f.num_epochs),
        batch_size: Number(f.batch_size),
        max_seq_length: Number(f.max_seq_length),
      }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    manifest.mutate();
  };
  const yamlUrl =
    manifest.data && `data:application/yaml;charset=utf-8,${encodeURIComponent(manifest.data.manifest_yaml)}`;

  return (
    <section className="card" aria-labelledby="manifest-h" data-testid="dataset:tunix">
      <details>
        <summary className="panel-summary">
          <h2 id="manifest-h" className="card-title summary-title">
            Tunix manifest
          </h2>
          <span className="muted small">A training manifest for Tunix SFT on this dataset</span>
        </summary>
        <form className="form-grid form-grid-3" onSubmit={submit} data-testid="dataset:manifest-form">
          <label>
            Model id
            <input
              value={f.model_id}
              onChange={set("model_id")}
              required
              data-testid="dataset:manifest-model"
            />
          </label>
          <label>
            Output directory
            <input value={f.output_dir} onChange={set("output_dir")} required />
          </label>
          <label>
            Learning rate
            <input value={f.learning_rate} onChange={set("learning_rate")} inputMode="decimal" />
          </label>
          <label>
            Epochs
            <input type="number" min={1} value={f.num_epochs} onChange={set("num_epochs")} />
          </label>
          <label>
            Batch size
            <input type="number" min={1} value={f.batch_size} onChange={set("batch_size")} />
          </label>
          <label>
            max_seq_length
            <input type="number" min={128} value={f.max_seq_length} onChange={set("max_seq_length")} />
          </label>
          <div className="form-actions">
            <button
              type="submit"
              className="btn btn-primary"
              disabled={manifest.isPending}
              data-testid="dataset:manifest-submit"
            >
              {manifest.isPending ? "Writing the training data…" : "Create manifest"}
            </button>
          </div>
        </form>
        {manifest.isError && (
          <ErrorAlert
            error={manifest.error}
            testId="dataset:manifest-error"
            title="Could not create the manifest"
          />
        )}
        {manifest.data && (
          <div data-testid="dataset:manifest-result">
            <p className="small">
              {manifest.data.message} Training data:{" "}
              <code data-testid="dataset:manifest-path">{manifest.data.dataset_path}</code>
            </p>
            <pre className="json" data-testid="dataset:manifest-yaml">
              {manifest.data.manifest_yaml}
            </pre>
            {yamlUrl && (
              <a className="btn btn-small" href={yamlUrl} download={`${datasetKey}-tunix-sft.yaml`}>
                ⬇ Save YAML
              </a>
            )}
          </div>
        )}
      </details>
    </section>
  );
}
