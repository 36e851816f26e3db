/** Error codes, not HTTP statuses: the server maps each code to a status in one place. */
export type AppErrorCode =
  | "bad_request"
  | "validation"
  | "not_found"
  | "conflict"
  | "payload_too_large"
  | "unsupported_media_type"
  | "unavailable";

export interface FieldError {
  field: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details?: { errors?: FieldError[] } & Record<string, unknown>,
  ) {
    super(message);
    this.name = "AppError";
  }
}

/** Flattens zod issues into one entry per invalid field ("steps/0/content"). */
export function zodFieldErrors(
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>,
  prefix?: string,
): FieldError[] {
  return issues.map((i) => {
    const path = i.path.map(String).join("/");
    const field = prefix ? (path ? `${prefix}/${path}` : prefix) : path || "(root)";
    return { field, message: i.message };
  });
}
