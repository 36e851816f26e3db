import type { StepPair, TraceStep } from "@tunix-rt/contracts";

const KIND_LABEL: Record<StepPair["kind"], string> = {
  same: "same",
  changed: "changed",
  only_base: "base only",
  only_other: "other only",
};

function StepCell({ step, testId }: { step: TraceStep | undefined; testId?: string }) {
  if (!step) return <td className="step-cell is-empty" aria-label="no step" />;
  return (
    <td className="step-cell" data-testid={testId}>
      <span className="step-type">
        {step.i} · {step.type}
      </span>
      <span className="step-content">{step.content}</span>
    </td>
  );
}

interface Props {
  alignment: { pairs: StepPair[]; first_divergence: number | null };
  baseSteps: readonly TraceStep[];
  otherSteps: readonly TraceStep[];
  /** Column headings: two traces by default, or two models' outputs. */
  labels?: [string, string];
}

/** Steps of both sides row by row as the server aligned them; the first divergence is marked. */
export function AlignmentTable({
  alignment,
  baseSteps,
  otherSteps,
  labels = ["Base step", "Other step"],
}: Props) {
  const { pairs, first_divergence: first } = alignment;
  return (
    <table className="table alignment" data-testid="compare:alignment">
      <caption className="visually-hidden">Aligned steps of both sides</caption>
      <thead>
        <tr>
          <th scope="col" className="num">
            #
          </th>
          <th scope="col">{labels[0]}</th>
          <th scope="col">Alignment</th>
          <th scope="col">{labels[1]}</th>
        </tr>
      </thead>
      <tbody>
        {pairs.map((p, n) => {
          const isFirst = n === first;
          const b = p.base_index === null ? undefined : baseSteps[p.base_index];
          const o = p.other_index === null ? undefined : otherSteps[p.other_index];
          return (
            <tr
              // biome-ignore lint/suspicious/noArrayIndexKey: rows are positions in a fixed alignment
              key={n}
              className={`pair pair-${p.kind}${isFirst ? " is-first-divergence" : ""}`}
              data-testid={`compare:pair-${n}`}
              data-kind={p.kind}
              data-first-divergence={isFirst ? "true" : undefined}
              aria-current={isFirst ? "step" : undefined}
            >
              <td className="num muted">{n + 1}</td>
              <StepCell
                step={b}
                testId={p.base_index === null ? undefined : `compare:base-step-${p.base_index}`}
              />
              <td className="pair-kind">
                <span className={`kind-badge kind-${p.kind}`}>{KIND_LABEL[p.kind]}</span>
                {isFirst && (
                  <span className="divergence-badge" data-testid="compare:first-divergence-marker">
                    first divergence
                  </span>
                )}
              </td>
              <StepCell
                step={o}
                testId={p.other_index === null ? undefined : `compare:other-step-${p.other_index}`}
              />
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
