/**
 * Serialises like Python's `json.dumps(obj)` with default arguments (", " and ": " separators,
 * ensure_ascii), so our exports are byte-for-byte the seed's. One limit: JSON cannot tell 2.0 from
 * 2 once parsed, so integral floats print as ints.
 */
export function pyJsonDumps(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (value === true) return "true";
  if (value === false) return "false";
  if (typeof value === "number") return pyNumber(value);
  if (typeof value === "string") return pyString(value);
  if (Array.isArray(value)) return `[${value.map(pyJsonDumps).join(", ")}]`;
  if (typeof value === "object") {
    const parts: string[] = [];
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v !== undefined) parts.push(`${pyString(k)}: ${pyJsonDumps(v)}`);
    }
    return `{${parts.join(", ")}}`;
  }
  return "null";
}

const NON_ASCII = /[\u007f-\uffff]/g;
const HAS_NON_ASCII = /[\u007f-\uffff]/; // no g flag: a global regex's test() is stateful
const hex4 = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;

/**
 * JSON.stringify already escapes what Python does (quote, backslash, \n \r \t \b \f, other
 * control characters as lowercase \u00xx, lone surrogates); ensure_ascii also escapes DEL and
 * everything above it, one UTF-16 unit at a time, which is exactly what the regex replaces.
 */
function pyString(s: string): string {
  const json = JSON.stringify(s);
  return HAS_NON_ASCII.test(json) ? json.replace(NON_ASCII, hex4) : json;
}

/** Python's float repr: shortest round-trip digits, scientific below 1e-4 and from 1e16. */
function pyNumber(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "Infinity" : "-Infinity";
  if (Number.isInteger(x) && Math.abs(x) < 1e16) return String(x);
  const [mantissa, expText] = x.toExponential().split("e") as [string, string];
  const exp = Number(expText);
  if (exp < -4 || exp >= 16) {
    const sign = exp < 0 ? "-" : "+";
    return `${mantissa}e${sign}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  return String(x);
}

/** Python's `datetime.isoformat()` of a UTC datetime: microseconds only when non-zero, "+00:00". */
export function pyIsoformat(iso: string | Date): string {
  const d = iso instanceof Date ? iso : new Date(iso);
  const base = d.toISOString().slice(0, 19);
  const ms = d.getUTCMilliseconds();
  return `${base}${ms ? `.${String(ms * 1000).padStart(6, "0")}` : ""}+00:00`;
}
