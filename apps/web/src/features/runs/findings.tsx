import type { DryRunFinding } from "@tunix-rt/contracts";

/**
 * A dry run's checks, each marked passed (✓) or failed (✗) with what the server found. Plain
 * check marks coloured by CSS, not emoji, which render as empty boxes without an emoji font.
 */
export function Findings({
  findings,
  testId = "runs:findings",
}: {
  findings: DryRunFinding[];
  testId?: string;
}) {
  const ok = findings.every((f) => f.ok);
  return (
    <div className={`findings ${ok ? "findings-ok" : "findings-bad"}`} data-testid={testId} data-ok={ok}>
      <strong className="findings-title">
        {ok ? "Dry run passed: a real run would start" : "Dry run found problems"}
      </strong>
      <ul className="findings-list">
        {findings.map((f) => (
          <li key={f.check} data-testid={`${testId}-${f.check.replace(/\s+/g, "-")}`} data-ok={f.ok}>
            <span className="finding-mark" role="img" aria-label={f.ok ? "passed" : "failed"}>
              {f.ok ? "✓" : "✗"}
            </span>
            <span className="finding-check">{f.check}</span>
            <span className="finding-message">{f.message}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
