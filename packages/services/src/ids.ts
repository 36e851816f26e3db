import { uuidv7 } from "uuidv7";

export const newId = (): string => uuidv7();

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string): boolean => UUID_RE.test(s);

/** The creation time encoded in a UUIDv7 (its first 48 bits are Unix milliseconds). */
export function uuidv7Time(id: string): Date {
  return new Date(Number.parseInt(id.replace(/-/g, "").slice(0, 12), 16));
}

/** Postgres `timestamptz` text ("2026-01-02 03:04:05.678+00") → ISO 8601 with Z. */
export function toIso(value: string | Date): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}
