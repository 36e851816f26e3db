import type { ScoreCriteria } from "@tunix-rt/contracts";

// A type-only import keeps zod out of the bundle; the compiler still checks the names.
export const SCORE_CRITERIA: readonly ScoreCriteria[] = ["baseline", "answer_match"];

type Field = "created_after" | "created_before" | "score_criteria" | "min_score" | "max_score";

interface Props {
  values: Record<Field, string>;
  set: (key: Field) => (e: { target: { value: string } }) => void;
  /** Test ids are `<prefix>:filter-created-after`, `<prefix>:filter-criteria`, … */
  testIdPrefix: string;
  /** The class that lays out the min/max pair in the surrounding grid. */
  pairClassName: string;
}

/**
 * The trace filters that the Traces search and the dataset build form share: created range, and
 * a score range on the latest score of one criteria. Field names are the API's query names.
 */
export function CreatedAndScoreFields({ values, set, testIdPrefix: p, pairClassName }: Props) {
  return (
    <>
      <label>
        Created after
        <input
          type="datetime-local"
          value={values.created_after}
          onChange={set("created_after")}
          data-testid={`${p}:filter-created-after`}
        />
      </label>
      <label>
        Created before
        <input
          type="datetime-local"
          value={values.created_before}
          onChange={set("created_before")}
          data-testid={`${p}:filter-created-before`}
        />
      </label>
      <label>
        Score criteria
        <select
          value={values.score_criteria}
          onChange={set("score_criteria")}
          data-testid={`${p}:filter-criteria`}
        >
          {SCORE_CRITERIA.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </label>
      <div className={pairClassName}>
        <label>
          Min score
          <input
            type="number"
            step="any"
            value={values.min_score}
            onChange={set("min_score")}
            data-testid={`${p}:filter-min-score`}
          />
        </label>
        <label>
          Max score
          <input
            type="number"
            step="any"
            value={values.max_score}
            onChange={set("max_score")}
            data-testid={`${p}:filter-max-score`}
          />
        </label>
      </div>
    </>
  );
}
