import { useQuery } from "@tanstack/react-query";
import { api } from "../../shared/api";
import { queryKeys } from "../../shared/query-keys";

interface Backend {
  available: boolean;
  version: string | null;
  reason?: string;
  devices?: string[];
}

/**
 * What the built-in trainers can do on the server's host (GET /api/tunix/status): each backend,
 * its version and devices, or why it is unavailable, e.g. Tunix not installed. Workers on other
 * hosts offer what their own host has; the trainer list above shows those.
 */
export function TrainerBackends() {
  const status = useQuery({
    queryKey: queryKeys.trainerBackends,
    queryFn: () => api.tunix.status(),
    // The server asks Python (seconds the first time) and caches its answer; "not set up yet"
    // is not cached there, so re-asking soon shows the environment a first jax run created.
    staleTime: 30_000,
  });
  if (status.isPending) return <p className="muted small">Checking the trainers on the server's host…</p>;
  if (status.isError)
    return <p className="muted small">Could not ask the server which trainers its host can run.</p>;
  const backends = Object.entries(status.data.backends as Record<string, Backend>);
  if (backends.length === 0) return <p className="muted small">{status.data.message}</p>;
  return (
    <ul className="trainer-backends small" aria-label="Trainer backends on the server's host">
      {backends.map(([name, b]) => (
        <li key={name} data-testid={`runs:backend-${name}`} data-available={b.available}>
          <strong>{name}</strong>{" "}
          {b.available
            ? `✓ ${b.version ?? ""}${b.devices?.length ? ` on ${b.devices.join(", ")}` : ""}`
            : `✗ ${b.reason ?? "unavailable"}`}
        </li>
      ))}
    </ul>
  );
}
