import { useQuery } from "@tanstack/react-query";
import { useEffect, useId, useState } from "react";
import { api } from "../../shared/api";
import { ErrorAlert } from "../../shared/error-alert";
import { formatRelative, pluralize } from "../../shared/format";
import { queryKeys } from "../../shared/query-keys";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Props {
  side: "base" | "other";
  label: string;
  value: string;
  onChange: (id: string) => void;
}

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

/** Search traces by prompt/answer text, or paste an id; the choice goes straight into the URL. */
export function TracePicker({ side, label, value, onChange }: Props) {
  const inputId = useId();
  const [text, setText] = useState("");
  const q = useDebounced(text.trim(), 250);
  const showOptions = !value || text.trim() !== "";
  const query = { q: q || undefined, limit: 6 };
  const options = useQuery({
    queryKey: queryKeys.traceList(query),
    queryFn: () => api.traces.list(query),
    enabled: showOptions && !UUID.test(q),
  });
  const selected = useQuery({
    queryKey: queryKeys.trace(value),
    queryFn: () => api.traces.get(value),
    enabled: value !== "",
  });

  const choose = (id: string) => {
    onChange(id);
    setText("");
  };

  return (
    <fieldset className="picker" data-testid={`compare:${side}-picker`}>
      <legend>{label}</legend>
      <label htmlFor={inputId} className="visually-hidden">
        {label}: search by prompt or answer, or paste a trace id
      </label>
      <input
        id={inputId}
        type="search"
        placeholder="Search by prompt or answer, or paste an id"
        value={text}
        onChange={(e) => {
          const v = e.target.value;
          if (UUID.test(v.trim())) choose(v.trim());
          else setText(v);
        }}
        data-testid={`compare:${side}-input`}
      />
      {value && (
        <div className="picker-selected" data-testid={`compare:${side}-selected`}>
          <div>
            <div className="picker-selected-prompt">
              {selected.data?.payload.prompt ?? (selected.isError ? "Trace not found" : "Loading…")}
            </div>
            <code className="muted">{value}</code>
          </div>
          <button
            type="button"
            className="btn btn-small btn-ghost"
            onClick={() => onChange("")}
            aria-label={`Clear ${label}`}
          >
            ✕
          </button>
        </div>
      )}
      {showOptions && (
        <div className="picker-options">
          {options.isError && <ErrorAlert error={options.error} testId={`compare:${side}-options-error`} />}
          {options.data && options.data.data.length === 0 && <p className="muted">No traces match.</p>}
          {options.data && options.data.data.length > 0 && (
            <ul aria-label={`${label} options`}>
              {options.data.data.map((t) => (
                <li key={t.id}>
                  <button
                    type="button"
                    className={`picker-option${t.id === value ? " is-selected" : ""}`}
                    onClick={() => choose(t.id)}
                    data-testid={`compare:${side}-option-${t.id}`}
                  >
                    <span className="picker-option-prompt">{t.prompt_preview}</span>
                    <span className="muted">
                      {pluralize(t.step_count, "step")} · {formatRelative(t.created_at)}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </fieldset>
  );
}
