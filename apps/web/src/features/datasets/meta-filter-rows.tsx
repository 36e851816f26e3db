import { type MetaRow, parseMetaValue } from "./build-request";

interface Props {
  rows: MetaRow[];
  onChange: (rows: MetaRow[]) => void;
  nextId: () => number;
}

/** Equality filters on any meta key; each value is read as JSON when it is JSON, else as text. */
export function MetaFilterRows({ rows, onChange, nextId }: Props) {
  const update = (id: number, patch: Partial<MetaRow>) =>
    onChange(rows.map((r) => (r.id === id ? { ...r, ...patch } : r)));
  return (
    <div className="meta-rows" data-testid="datasets:meta-rows">
      <p className="field-label meta-label">
        Meta equals{" "}
        <span className="muted small">(values in JSON, e.g. 2, true, "2"; other text is a string)</span>
      </p>
      {rows.map((row, i) => {
        const kind = parseMetaValue(row.value).kind;
        return (
          <div className="meta-row" key={row.id}>
            <input
              aria-label={`Meta key ${i + 1}`}
              placeholder="key, e.g. difficulty"
              value={row.key}
              onChange={(e) => update(row.id, { key: e.target.value })}
              data-testid={`datasets:meta-key-${i}`}
            />
            <span aria-hidden="true">=</span>
            <input
              aria-label={`Meta value ${i + 1}`}
              placeholder="value"
              value={row.value}
              onChange={(e) => update(row.id, { value: e.target.value })}
              data-testid={`datasets:meta-value-${i}`}
            />
            <span className="tag tag-muted meta-kind" data-testid={`datasets:meta-kind-${i}`}>
              {kind}
            </span>
            <button
              type="button"
              className="btn btn-small btn-ghost"
              aria-label={`Remove meta filter ${i + 1}`}
              onClick={() => onChange(rows.filter((r) => r.id !== row.id))}
              data-testid={`datasets:meta-remove-${i}`}
            >
              ✕
            </button>
          </div>
        );
      })}
      <button
        type="button"
        className="btn btn-small"
        onClick={() => onChange([...rows, { id: nextId(), key: "", value: "" }])}
        data-testid="datasets:meta-add"
      >
        + Meta filter
      </button>
    </div>
  );
}
