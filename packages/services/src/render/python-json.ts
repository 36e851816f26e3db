/**
 * Serialises like Python's `json.dumps(obj)` with default arguments (", " and ": " separators,
 * ensure_ascii), so our exports are byte-for-byte the seed's. One limit: JSON cannot tell 2.0 from
 * 2 once parsed, so integral floats print as ints. Written as plain loops and string appends
 * (no Object.entries/map/join arrays): exports call it for every key of every trace.
 * `plain` promises that every string in `value` is printable ASCII without `"` or `\\` (see
 * copy-members.ts), so each is written between quotes without being searched for escapes.
 */
export function pyJsonDumps(value: unknown, plain = false): string {
  switch (typeof value) {
    case "string":
      return plain ? `"${value}"` : pyString(value);
    case "number":
      return pyNumber(value);
    case "boolean":
      return value ? "true" : "false";
    case "object": {
      if (value === null) return "null";
      if (Array.isArray(value)) {
        let out = "[";
        for (let i = 0; i < value.length; i++) out += (i ? ", " : "") + pyJsonDumps(value[i], plain);
        return `${out}]`;
      }
      return `{${pyMembers(value as Record<string, unknown>, Object.keys(value), "", plain)}}`;
    }
    default:
      return "null";
  }
}

/**
 * The `"key": value` pairs of `obj` for `keys`, each preceded by ", " unless it is the first of
 * the output (`sep` is what precedes the first one); undefined values are left out like Python.
 */
export function pyMembers(obj: Record<string, unknown>, keys: string[], sep: string, plain = false): string {
  let out = "";
  for (const k of keys) {
    const v = obj[k];
    if (v === undefined) continue;
    out += `${sep}${plain ? `"${k}"` : pyString(k)}: ${pyJsonDumps(v, plain)}`;
    sep = ", ";
  }
  return out;
}

const NON_ASCII = /[\u007f-\uffff]/g;
const HAS_NON_ASCII = /[\u007f-\uffff]/; // no g flag: a global regex's test() is stateful
// What makes a string need more than its quotes: JSON's escapes (quote, backslash, controls; lone
// surrogates are within the next range) and what ensure_ascii escapes (DEL and above).
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters escaped
const NEEDS_ESCAPE = /["\\\u0000-\u001f\u007f-\uffff]/;
const hex4 = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;

/**
 * A string as json.dumps writes it. Most export text needs no escaping at all, and one regex test
 * is much cheaper than JSON.stringify; otherwise JSON.stringify already escapes what Python does
 * (quote, backslash, \n \r \t \b \f, other controls as lowercase \u00xx, lone surrogates), and
 * ensure_ascii also escapes DEL and everything above it, one UTF-16 unit at a time.
 */
export function pyString(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return `"${s}"`;
  const json = JSON.stringify(s);
  return HAS_NON_ASCII.test(json) ? json.replace(NON_ASCII, hex4) : json;
}

/**
 * `pyString(s)` without its quotes. Escaping works one UTF-16 unit at a time (a surrogate pair
 * comes out as two \u escapes either way), so the escape of a concatenation is the concatenation
 * of the escapes: exports escape a template's pieces instead of the whole rendered text.
 */
export function pyEscape(s: string): string {
  return NEEDS_ESCAPE.test(s) ? pyString(s).slice(1, -1) : s;
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

// Traces imported together share their created_at, so the last conversion is usually reused.
let lastIso = "";
let lastPy = "";

/** Python's `datetime.isoformat()` of a UTC datetime: microseconds only when non-zero, "+00:00". */
export function pyIsoformat(iso: string | Date): string {
  if (typeof iso === "string" && iso === lastIso) return lastPy;
  const d = iso instanceof Date ? iso : new Date(iso);
  const base = d.toISOString().slice(0, 19);
  const ms = d.getUTCMilliseconds();
  const out = `${base}${ms ? `.${String(ms * 1000).padStart(6, "0")}` : ""}+00:00`;
  if (typeof iso === "string") {
    lastIso = iso;
    lastPy = out;
  }
  return out;
}
