import { useQuery } from "@tanstack/react-query";
import { api, errorMessage } from "../../shared/api";
import { queryKeys } from "../../shared/query-keys";
import "./health-badges.css";

/** Often enough that a stopped server shows within seconds; the check is one cheap request. */
const API_POLL_MS = 5_000;
const REDI_POLL_MS = 30_000;

type State = "healthy" | "down" | "loading" | "unknown";

function Badge({
  name,
  state,
  error,
  testId,
}: {
  name: string;
  state: State;
  error?: string;
  testId: string;
}) {
  const title =
    state === "down"
      ? `${name} is down${error ? `: ${error}` : ""}`
      : state === "unknown"
        ? `${name}: unknown while the API cannot be reached`
        : `${name}: ${state}`;
  return (
    <span className={`health-badge health-${state}`} title={title} data-testid={testId} data-state={state}>
      <span className="health-dot" aria-hidden="true" />
      <span>
        {name}: {state}
      </span>
    </span>
  );
}

/**
 * API (and its database) every 5 s, RediAI every 30 s; the error text is in the badge's tooltip.
 * While the API is unreachable, RediAI's last answer is stale: it shows as unknown.
 */
export function HealthBadges() {
  const apiHealth = useQuery({
    queryKey: queryKeys.health,
    queryFn: api.health,
    refetchInterval: API_POLL_MS,
    retry: false,
  });
  const redi = useQuery({
    queryKey: queryKeys.rediHealth,
    queryFn: api.rediHealth,
    refetchInterval: REDI_POLL_MS,
    retry: false,
  });

  const apiState: State = apiHealth.isError ? "down" : apiHealth.data ? "healthy" : "loading";
  const rediState: State =
    apiState === "down" ? "unknown" : redi.isError ? "down" : (redi.data?.status ?? "loading");
  const rediError = redi.isError ? errorMessage(redi.error) : redi.data?.error;

  return (
    <div className="health-badges" role="status" aria-label="Service health">
      <Badge
        name="API"
        state={apiState}
        error={apiHealth.isError ? errorMessage(apiHealth.error) : undefined}
        testId="sys:api-status"
      />
      <Badge name="RediAI" state={rediState} error={rediError} testId="sys:redi-status" />
    </div>
  );
}
