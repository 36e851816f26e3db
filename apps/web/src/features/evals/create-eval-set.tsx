import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { BuildEvalSetBodyInput, EvalSetSummary } from "@tunix-rt/contracts";
import { type FormEvent, useState } from "react";
import { api } from "../../shared/api";
import { ErrorAlert } from "../../shared/error-alert";
import { queryKeys } from "../../shared/query-keys";

type Mode = "generator" | "dataset" | "import";
type Difficulty = NonNullable<
  Extract<BuildEvalSetBodyInput["source"], { kind: "generator" }>["options"]
>["difficulty"];

const MODES: Array<{ mode: Mode; label: string }> = [
  { mode: "generator", label: "Generate held-out problems" },
  { mode: "dataset", label: "A dataset's split" },
  { mode: "import", label: "Import a JSONL file" },
];

/**
 * Makes an eval set version three ways: generated problems with a dataset held out (none of its
 * prompts can appear), a dataset version's test split, or a file in the seed's JSONL format.
 */
export function CreateEvalSet({ onCreated }: { onCreated?: (set: EvalSetSummary) => void }) {
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<Mode>("generator");
  const [name, setName] = useState("");
  const [version, setVersion] = useState("v1");
  const [dataset, setDataset] = useState("");
  const [split, setSplit] = useState<"test" | "val" | "train">("test");
  const [count, setCount] = useState("200");
  const [seed, setSeed] = useState("1");
  const [difficulty, setDifficulty] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const datasets = useQuery({
    queryKey: queryKeys.datasetList({ limit: 100 }),
    queryFn: () => api.datasets.list({ limit: 100 }),
  });
  const keys = datasets.data?.data.map((d) => d.dataset_key) ?? [];
  const chosen = dataset || keys[0] || "";
  const create = useMutation({
    mutationFn: async () => {
      if (mode === "import") {
        if (!file) throw new Error("Choose a JSONL file to import");
        return api.evals.sets.import(file, { name, version });
      }
      const source: BuildEvalSetBodyInput["source"] =
        mode === "dataset"
          ? { kind: "dataset", dataset_key: chosen, split }
          : {
              kind: "generator",
              generator: "arithmetic",
              count: Number(count),
              seed: Number(seed),
              options: difficulty
                ? { difficulty: (/^\d$/.test(difficulty) ? Number(difficulty) : difficulty) as Difficulty }
                : {},
              exclude_dataset: chosen || null,
            };
      return api.evals.sets.build({ name, version, source });
    },
    onSuccess: (set) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.evalSets });
      onCreated?.(set);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };

  return (
    <form onSubmit={submit} aria-labelledby="create-set-h" data-testid="evals:create-set">
      <h2 id="create-set-h" className="card-title">
        New eval set
      </h2>
      <div className="segmented" role="radiogroup" aria-label="Where the items come from">
        {MODES.map((m) => (
          <label key={m.mode} className={mode === m.mode ? "is-on" : ""}>
            <input
              type="radio"
              name="set-mode"
              checked={mode === m.mode}
              onChange={() => setMode(m.mode)}
              data-testid={`evals:mode-${m.mode}`}
            />
            {m.label}
          </label>
        ))}
      </div>
      <div className="form-grid form-grid-3">
        <label>
          Name
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
            placeholder="arith-heldout"
            data-testid="evals:set-name"
          />
        </label>
        <label>
          Version
          <input
            value={version}
            onChange={(e) => setVersion(e.target.value)}
            required
            data-testid="evals:set-version"
          />
        </label>
        {mode !== "import" && (
          <label>
            {mode === "generator" ? "Hold out dataset" : "Dataset"}
            <select
              value={chosen}
              onChange={(e) => setDataset(e.target.value)}
              data-testid="evals:set-dataset"
            >
              {mode === "generator" && <option value="">(none)</option>}
              {keys.map((k) => (
                <option key={k}>{k}</option>
              ))}
            </select>
          </label>
        )}
      </div>
      {mode === "generator" && (
        <div className="form-grid form-grid-3">
          <label>
            Problems
            <input
              type="number"
              min={1}
              max={10000}
              value={count}
              onChange={(e) => setCount(e.target.value)}
              data-testid="evals:set-count"
            />
          </label>
          <label>
            Seed
            <input
              type="number"
              min={0}
              value={seed}
              onChange={(e) => setSeed(e.target.value)}
              data-testid="evals:set-seed"
            />
          </label>
          <label>
            Difficulty
            <input
              value={difficulty}
              onChange={(e) => setDifficulty(e.target.value)}
              placeholder="as the generator's default"
              data-testid="evals:set-difficulty"
            />
          </label>
        </div>
      )}
      {mode === "dataset" && (
        <label>
          Split
          <select
            value={split}
            onChange={(e) => setSplit(e.target.value as typeof split)}
            data-testid="evals:set-split"
          >
            <option>test</option>
            <option>val</option>
            <option>train</option>
          </select>
        </label>
      )}
      {mode === "import" && (
        <label>
          File (one {"{"}"id", "prompt", "expected_answer", "category"?, "difficulty"?{"}"} per line)
          <input
            type="file"
            accept=".jsonl,.ndjson,.json,text/plain"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            data-testid="evals:set-file"
          />
        </label>
      )}
      <p className="muted small">
        {mode === "generator"
          ? "Every generated problem whose prompt appears in the held-out dataset is skipped, so the set measures problems the model never saw."
          : mode === "dataset"
            ? "The split's prompts with meta.expected_answer (or the final answer) as the expected answer."
            : "All lines are checked; a bad line is named by its number and nothing is stored."}
      </p>
      {create.isError && (
        <ErrorAlert
          error={create.error}
          testId="evals:create-set-error"
          title="The eval set was not stored"
        />
      )}
      {create.isSuccess && (
        <p className="alert alert-success" data-testid="evals:created-set">
          Stored {create.data.eval_set_key}: {create.data.item_count} items.
        </p>
      )}
      <button
        type="submit"
        className="btn btn-primary"
        disabled={create.isPending}
        data-testid="evals:create-set-submit"
      >
        {create.isPending ? "Storing…" : "Store eval set"}
      </button>
    </form>
  );
}
