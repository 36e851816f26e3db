import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { ComparedItem, CompareItemsQueryInput } from "@tunix-rt/contracts";
import { useState } from "react";
import { api } from "../../shared/api";
import { CursorPager } from "../../shared/cursor-pager";
import { ErrorAlert } from "../../shared/error-alert";
import { queryKeys } from "../../shared/query-keys";
import { AlignmentTable } from "../compare/alignment-table";

const CHANGES = [
  ["flipped", "Flipped"],
  ["regressed", "Right → wrong"],
  ["improved", "Wrong → right"],
  ["all", "All items"],
] as const;
type Change = (typeof CHANGES)[number][0];

const answer = (r: ComparedItem["baseline"]) => `${r.correct ? "✓" : "✗"} ${r.extracted ?? "no answer"}`;

/** One item: both outputs in full, then their reasoning steps aligned, first divergence marked. */
function ItemDetail({
  baseline,
  candidate,
  position,
}: {
  baseline: string;
  candidate: string;
  position: number;
}) {
  const item = useQuery({
    queryKey: queryKeys.compareItem(baseline, candidate, position),
    queryFn: () => api.evals.compareItem(baseline, candidate, position),
  });
  if (item.isError)
    return <ErrorAlert error={item.error} testId="mvm:item-error" title="Could not load the item" />;
  if (!item.data) return <p className="muted">Loading item…</p>;
  const d = item.data;
  return (
    <div className="item-detail" data-testid="mvm:item">
      <p>
        <strong>{d.prompt}</strong> <span className="muted">expected {d.expected_answer}</span>
        {d.contaminated && <span className="tag tag-warning"> ⚑ in the candidate's training data</span>}
      </p>
      <div className="outputs-side">
        {(["baseline", "candidate"] as const).map((side) => (
          <div key={side}>
            <h4>
              {side} · {answer(d[side])}
            </h4>
            <pre className="json" data-testid={`mvm:output-${side}`}>
              {d[side].output}
            </pre>
          </div>
        ))}
      </div>
      <AlignmentTable
        alignment={d.alignment}
        baseSteps={d.baseline_steps}
        otherSteps={d.candidate_steps}
        labels={["Baseline step", "Candidate step"]}
      />
    </div>
  );
}

/** The items the two evaluations disagree on (or any kind of change), one opening at a time. */
export function FlippedItems({ baseline, candidate }: { baseline: string; candidate: string }) {
  const [change, setChange] = useState<Change>("flipped");
  const [cursors, setCursors] = useState<string[]>([]);
  const [open, setOpen] = useState<number | null>(null);
  const query: CompareItemsQueryInput = { baseline, candidate, change, limit: 50, cursor: cursors.at(-1) };
  const items = useQuery({
    queryKey: queryKeys.compareItems(query),
    queryFn: () => api.evals.compareItems(query),
    placeholderData: keepPreviousData,
  });
  return (
    <section className="card" aria-labelledby="flips-h">
      <div className="card-title-row">
        <h2 className="card-title" id="flips-h">
          Items
        </h2>
        <fieldset className="segmented">
          <legend className="visually-hidden">Which items</legend>
          {CHANGES.map(([value, label]) => (
            <button
              key={value}
              type="button"
              className={`btn btn-small${change === value ? " btn-primary" : ""}`}
              aria-pressed={change === value}
              onClick={() => {
                setChange(value);
                setCursors([]);
                setOpen(null);
              }}
              data-testid={`mvm:change-${value}`}
            >
              {label}
            </button>
          ))}
        </fieldset>
      </div>
      {items.isError && (
        <ErrorAlert error={items.error} testId="mvm:items-error" title="Could not load the items" />
      )}
      {items.data?.data.length === 0 && <p className="empty-state">No items of this kind.</p>}
      <ul className="flip-list" data-testid="mvm:items">
        {(items.data?.data ?? []).map((i) => (
          <li key={i.position}>
            <button
              type="button"
              className={`flip-row${open === i.position ? " is-open" : ""}`}
              aria-expanded={open === i.position}
              onClick={() => setOpen(open === i.position ? null : i.position)}
              data-testid={`mvm:item-${i.position}`}
              data-change={i.change}
            >
              <span className="muted">#{i.position}</span>
              <span
                className={`kind-badge kind-${i.change === "improved" ? "same" : i.change === "regressed" ? "changed" : "only_base"}`}
              >
                {i.change}
              </span>
              <span>{i.prompt}</span>
              <span className="muted small">
                {answer(i.baseline)} → {answer(i.candidate)}
                {i.contaminated ? " ⚑" : ""}
              </span>
            </button>
            {open === i.position && (
              <ItemDetail baseline={baseline} candidate={candidate} position={i.position} />
            )}
          </li>
        ))}
      </ul>
      <CursorPager
        area="mvm"
        cursors={cursors}
        setCursors={setCursors}
        nextCursor={items.data?.pagination.next_cursor}
        busy={items.isPlaceholderData}
      />
    </section>
  );
}
