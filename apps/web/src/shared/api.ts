import { ApiError, createClient } from "@tunix-rt/client";

/** Same-origin client: the server serves this app, and Vite proxies /api in development. */
export const api = createClient({ baseUrl: "" });

/** A message a person can act on: the server's detail and field errors, never a bare "HTTP error". */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof TypeError) return `Could not reach the server: ${err.message}`;
  if (err instanceof Error) return err.message;
  return String(err);
}

/** Client errors (4xx) will not change on retry; network failures and 5xx might. */
export function shouldRetry(failureCount: number, err: unknown): boolean {
  if (err instanceof ApiError && err.status < 500) return false;
  return failureCount < 2;
}
