import type { TextDiffPart } from "@tunix-rt/contracts";

/** The final answers as one text: deletions (base only) struck red, insertions (other only) green. */
export function AnswerDiff({ parts, equal }: { parts: TextDiffPart[]; equal: boolean }) {
  return (
    <div className="answer-diff" data-testid="compare:answer-diff" data-equal={equal ? "true" : "false"}>
      {equal && <p className="muted">The final answers are identical.</p>}
      <p className="answer-diff-text" data-testid="compare:answer-diff-text">
        {parts.map((p, n) => {
          // biome-ignore lint/suspicious/noArrayIndexKey: diff parts have no identity beyond position
          if (p.op === "insert") return <ins key={n}>{p.text}</ins>;
          // biome-ignore lint/suspicious/noArrayIndexKey: as above
          if (p.op === "delete") return <del key={n}>{p.text}</del>;
          // biome-ignore lint/suspicious/noArrayIndexKey: as above
          return <span key={n}>{p.text}</span>;
        })}
      </p>
      {!equal && (
        <p className="legend muted">
          <del>removed</del> from base · <ins>added</ins> in other
        </p>
      )}
    </div>
  );
}
