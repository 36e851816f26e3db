import { formatCount } from "../../shared/format";
import { orderedSplits } from "./split-sizes";

/** How the examples are rendered for the histogram and the preview. */
export interface RenderOptions {
  response_style: "numbered" | "tagged";
  /** "" is every split. */
  split: "" | "train" | "val" | "test";
  system_instruction: string;
}

export const DEFAULT_RENDER_OPTIONS: RenderOptions = {
  response_style: "numbered",
  split: "",
  system_instruction: "",
};

/** The query the examples and tokens endpoints take; unset options are left out. */
export function renderQuery(o: RenderOptions) {
  return {
    response_style: o.response_style,
    split: o.split || undefined,
    system_instruction: o.system_instruction.trim() || undefined,
  };
}

interface Props {
  value: RenderOptions;
  onChange: (next: RenderOptions) => void;
  splitCounts: Record<string, number>;
}

export function RenderOptionsBar({ value, onChange, splitCounts }: Props) {
  const splits = orderedSplits(splitCounts).filter((s) => s.count > 0);
  return (
    <div className="render-options" data-testid="dataset:render-options">
      <label>
        Response style
        <select
          value={value.response_style}
          onChange={(e) =>
            onChange({ ...value, response_style: e.target.value as RenderOptions["response_style"] })
          }
          data-testid="dataset:render-style"
        >
          <option value="numbered">numbered (Reasoning: 1. … Answer: X)</option>
          <option value="tagged">tagged (&lt;reasoning&gt;…&lt;answer&gt;)</option>
        </select>
      </label>
      <label>
        Split
        <select
          value={value.split}
          onChange={(e) => onChange({ ...value, split: e.target.value as RenderOptions["split"] })}
          data-testid="dataset:render-split"
        >
          <option value="">all</option>
          {splits.map((s) => (
            <option key={s.name} value={s.name}>
              {s.name} ({formatCount(s.count)})
            </option>
          ))}
        </select>
      </label>
      <label
        className="render-options-wide"
        title="Gemma has no system role: it is merged into the first user turn"
      >
        System instruction (optional)
        <input
          value={value.system_instruction}
          onChange={(e) => onChange({ ...value, system_instruction: e.target.value })}
          placeholder="e.g. Show your reasoning step by step."
          data-testid="dataset:render-system"
        />
      </label>
    </div>
  );
}
