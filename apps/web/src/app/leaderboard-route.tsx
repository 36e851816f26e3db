import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { RowSelectionState } from "@tanstack/react-table";
import { LEADERBOARD_SORTS, type LeaderboardSort } from "@tunix-rt/contracts";
import { type FormEvent, useState } from "react";
import { useNavigate, useSearchParams } from "react-router";
import { LeaderboardTable, modelLabel } from "../features/leaderboard/leaderboard-table";
import { PromoteBest } from "../features/leaderboard/promote-best";
import { api } from "../shared/api";
import { CursorPager } from "../shared/cursor-pager";
import { ErrorAlert } from "../shared/error-alert";
import { queryKeys } from "../shared/query-keys";
import "../features/leaderboard/leaderboard.css";

const PAGE = 25;
const FILTERS = ["eval_set", "dataset", "trainer", "label", "evaluated_after", "evaluated_before"] as const;

/** A `datetime-local` value (local time) as the ISO instant the API takes; as typed if unreadable. */
const toIso = (v: string) => (Number.isNaN(new Date(v).getTime()) ? v : new Date(v).toISOString());
const SORT_LABEL: Record<LeaderboardSort, string> = {
  "-accuracy": "accuracy, best first",
  accuracy: "accuracy, worst first",
  "-format_rate": "format rate, best first",
  format_rate: "format rate, worst first",
  mean_reasoning_tokens: "reasoning tokens, fewest first",
  "-mean_reasoning_tokens": "reasoning tokens, most first",
  tokens_per_correct: "tokens per correct, fewest first",
  "-tokens_per_correct": "tokens per correct, most first",
  "-evaluated_at": "evaluated, newest first",
  evaluated_at: "evaluated, oldest first",
};

/** /leaderboard: models ranked on eval sets, filters and order in the URL; compare two; promote the best. */
export function LeaderboardRoute() {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const sort = (LEADERBOARD_SORTS as readonly string[]).includes(params.get("sort") ?? "")
    ? (params.get("sort") as LeaderboardSort)
    : "-accuracy";
  const filters = Object.fromEntries(FILTERS.map((k) => [k, params.get(k) ?? ""])) as Record<
    (typeof FILTERS)[number],
    string
  >;
  const [cursors, setCursors] = useState<string[]>([]);
  const query = {
    ...Object.fromEntries(
      Object.entries(filters)
        .filter(([, v]) => v)
        .map(([k, v]) => [k, k.startsWith("evaluated_") ? toIso(v) : v]),
    ),
    sort,
    limit: PAGE,
    cursor: cursors.at(-1),
  };
  const board = useQuery({
    queryKey: queryKeys.leaderboard(query),
    queryFn: () => api.evals.leaderboard(query),
    placeholderData: keepPreviousData,
  });
  const sets = useQuery({
    queryKey: ["evals", "sets", "all"],
    queryFn: () => api.evals.sets.list({ limit: 100 }),
  });
  const [selected, setSelected] = useState<RowSelectionState>({});
  const [draft, setDraft] = useState(filters);
  const apply = (next: Partial<Record<string, string>>) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...filters, sort, ...next }))
      if (v && !(k === "sort" && v === "-accuracy")) p.set(k, v);
    setCursors([]);
    setParams(p);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    apply(draft);
  };
  const data = board.data;
  const primary = data?.sorted_by.eval_set ?? null;
  // In the order ticked: the first is the baseline, the second the candidate.
  const picked = Object.keys(selected).flatMap((k) => (data?.data ?? []).filter((r) => r.model.key === k));
  const compare = () => {
    const [a, b] = picked;
    const ea = a?.results[primary ?? ""]?.evaluation_id;
    const eb = b?.results[primary ?? ""]?.evaluation_id;
    if (ea && eb) navigate(`/evals/compare?baseline=${ea}&candidate=${eb}`);
  };
  const canCompare = picked.length === 2 && picked.every((r) => primary && r.results[primary]);

  return (
    <div className="page-stack">
      <title>Leaderboard · tunix-rt</title>
      <section className="card" aria-labelledby="board-h">
        <h1 className="card-title" id="board-h">
          Leaderboard
        </h1>
        <p className="muted small">
          One row per model (a run's checkpoint, or a base model), ranked by its latest evaluation on each
          eval set; older ones are history. Intervals are 95% Wilson intervals; ⚑ marks items whose prompt was
          in the model's training data.
        </p>
        <search>
          <form className="board-filters" onSubmit={submit} data-testid="board:filters">
            <label>
              Eval sets (first orders the board)
              <input
                list="board-sets"
                value={draft.eval_set}
                onChange={(e) => setDraft({ ...draft, eval_set: e.target.value })}
                placeholder="held-v1,gsm-v2"
                data-testid="board:filter-sets"
              />
              <datalist id="board-sets">
                {(sets.data?.data ?? []).map((s) => (
                  <option key={s.eval_set_key} value={s.eval_set_key} />
                ))}
              </datalist>
            </label>
            {(["dataset", "trainer", "label"] as const).map((k) => (
              <label key={k}>
                {k[0]!.toUpperCase() + k.slice(1)}
                <input
                  value={draft[k]}
                  onChange={(e) => setDraft({ ...draft, [k]: e.target.value })}
                  placeholder="any"
                  data-testid={`board:filter-${k}`}
                />
              </label>
            ))}
            {(["evaluated_after", "evaluated_before"] as const).map((k) => (
              <label key={k}>
                {k === "evaluated_after" ? "Evaluated after" : "Evaluated before"}
                <input
                  type="datetime-local"
                  value={draft[k]}
                  onChange={(e) => setDraft({ ...draft, [k]: e.target.value })}
                  data-testid={`board:filter-${k}`}
                />
              </label>
            ))}
            <label>
              Order
              <select
                value={sort}
                onChange={(e) => apply({ ...draft, sort: e.target.value })}
                data-testid="board:sort"
              >
                {LEADERBOARD_SORTS.map((s) => (
                  <option key={s} value={s}>
                    {SORT_LABEL[s]}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" className="btn" data-testid="board:apply">
              Apply
            </button>
          </form>
        </search>
        <div className="run-compare-bar">
          <button
            type="button"
            className="btn btn-primary"
            disabled={!canCompare}
            onClick={compare}
            data-testid="board:compare"
          >
            {picked.length === 2
              ? `Compare ${modelLabel(picked[0]!.model)} and ${modelLabel(picked[1]!.model)}`
              : "Compare two models"}
          </button>
          <span className="muted small">
            {picked.length < 2
              ? `Tick two models to see which items flipped on ${primary ?? "an eval set"}.`
              : ""}
          </span>
        </div>
        {board.isError && (
          <ErrorAlert error={board.error} testId="board:error" title="Could not load the leaderboard" />
        )}
        {data && data.data.length === 0 && (
          <div className="empty-state" data-testid="board:empty">
            No evaluated model matches. Evaluate a checkpoint on the Evaluations page, or clear the filters.
          </div>
        )}
        {data && data.data.length > 0 && (
          <LeaderboardTable
            board={data}
            rankFrom={cursors.length * PAGE + 1}
            selected={selected}
            onSelected={setSelected}
          />
        )}
        <CursorPager
          area="board"
          cursors={cursors}
          setCursors={setCursors}
          nextCursor={data?.pagination.next_cursor}
          busy={board.isPlaceholderData}
        />
      </section>
      {primary && (
        <PromoteBest
          evalSet={primary}
          filters={{
            dataset: filters.dataset || undefined,
            trainer: filters.trainer || undefined,
            label: filters.label || undefined,
          }}
        />
      )}
    </div>
  );
}
