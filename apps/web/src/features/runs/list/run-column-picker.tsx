import type { RunSummary } from "@tunix-rt/contracts";
import { type FormEvent, useId, useState } from "react";
import { BUILT_IN_COLUMNS, configPaths } from "./run-columns";

interface Props {
  rows: RunSummary[];
  extra: string[];
  hidden: string[];
  onChange: (next: { extra: string[]; hidden: string[] }) => void;
}

/**
 * Which columns the list shows: the built-in ones can be hidden, and any config field or final
 * metric added (suggested from the runs on the page, or typed).
 */
export function RunColumnPicker({ rows, extra, hidden, onChange }: Props) {
  const [field, setField] = useState("");
  const ids = { config: useId(), metric: useId() };
  const configs = [...new Set(rows.flatMap((r) => configPaths(r.config)))].sort();
  const metrics = [...new Set(rows.flatMap((r) => Object.keys(r.final_metrics ?? {})))].sort();
  const add = (id: string) => {
    if (!extra.includes(id)) onChange({ extra: [...extra, id], hidden });
  };
  const addTyped = (e: FormEvent) => {
    e.preventDefault();
    const name = field.trim();
    if (!name) return;
    add(
      metrics.includes(name) && !configs.includes(name)
        ? `metric:${name}`
        : name.startsWith("metric:") || name.startsWith("config:")
          ? name
          : `config:${name}`,
    );
    setField("");
  };

  return (
    <details className="run-columns" data-testid="runs:columns">
      <summary className="btn btn-small">Columns</summary>
      <div className="run-columns-panel">
        <fieldset>
          <legend>Shown</legend>
          {BUILT_IN_COLUMNS.filter((c) => !c.fixed).map((c) => (
            <label key={c.id} className="checkbox">
              <input
                type="checkbox"
                checked={!hidden.includes(c.id)}
                onChange={(e) =>
                  onChange({
                    extra,
                    hidden: e.target.checked ? hidden.filter((h) => h !== c.id) : [...hidden, c.id],
                  })
                }
                data-testid={`runs:column-${c.id}`}
              />
              {c.header}
            </label>
          ))}
          {extra.map((id) => (
            <label key={id} className="checkbox">
              <input
                type="checkbox"
                checked
                onChange={() => onChange({ extra: extra.filter((x) => x !== id), hidden })}
                data-testid={`runs:column-${id}`}
              />
              <code>{id}</code>
            </label>
          ))}
        </fieldset>
        <form onSubmit={addTyped} className="run-columns-add">
          <label htmlFor={ids.config}>Add a config field or final metric</label>
          <input
            id={ids.config}
            list={ids.metric}
            value={field}
            onChange={(e) => setField(e.target.value)}
            placeholder="learning_rate, eval/loss…"
            data-testid="runs:column-add-input"
          />
          <datalist id={ids.metric}>
            {configs.map((c) => (
              <option key={`c${c}`} value={`config:${c}`} />
            ))}
            {metrics.map((m) => (
              <option key={`m${m}`} value={`metric:${m}`} />
            ))}
          </datalist>
          <button type="submit" className="btn btn-small" data-testid="runs:column-add">
            Add
          </button>
        </form>
      </div>
    </details>
  );
}
