// Terminal text helpers. Widths are display columns, not UTF-16 units, so CJK text, emoji and
// combining marks keep tables and side-by-side columns aligned.

const MARK = /^\p{M}$/u;

function isZeroWidth(ch: string): boolean {
  const cp = ch.codePointAt(0) ?? 0;
  // Zero-width space/joiners, word joiner, variation selectors.
  return (cp >= 0x200b && cp <= 0x200f) || cp === 0x2060 || (cp >= 0xfe00 && cp <= 0xfe0f) || MARK.test(ch);
}
const WIDE =
  /^[\u1100-\u115F\u231A\u231B\u2329\u232A\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{1F300}-\u{1F64F}\u{1F900}-\u{1F9FF}\u{20000}-\u{3FFFD}]$/u;

export function charWidth(ch: string): number {
  if (isZeroWidth(ch)) return 0;
  return WIDE.test(ch) ? 2 : 1;
}

export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += charWidth(ch);
  return w;
}

/**
 * Trace text is user data: control characters (ANSI escapes above all) must not reach the
 * terminal, so they become U+FFFD. Tabs become two spaces; newlines are kept for wrap().
 */
export function sanitize(s: string): string {
  return s
    .replace(/\t/g, "  ")
    .replace(/\r\n?/g, "\n")
    .replace(/\p{Cc}/gu, (c) => (c === "\n" ? c : "\uFFFD"));
}

/** Collapses all whitespace (newlines included) so a text fits one table cell. */
export function oneLine(s: string): string {
  return sanitize(s).replace(/\s+/g, " ").trim();
}

/** Cuts `s` to at most `width` columns, ending in "…" when something was cut. */
export function truncate(s: string, width: number): string {
  if (width <= 0) return "";
  if (displayWidth(s) <= width) return s;
  let out = "";
  let w = 0;
  for (const ch of s) {
    const cw = charWidth(ch);
    if (w + cw > width - 1) break;
    out += ch;
    w += cw;
  }
  return `${out}…`;
}

export function padEnd(s: string, width: number): string {
  const w = displayWidth(s);
  return w >= width ? s : s + " ".repeat(width - w);
}

export function padStart(s: string, width: number): string {
  const w = displayWidth(s);
  return w >= width ? s : " ".repeat(width - w) + s;
}

/** Splits one word into pieces of at most `width` columns (for words longer than a line). */
function hardSplit(word: string, width: number): string[] {
  const pieces: string[] = [];
  let cur = "";
  let w = 0;
  for (const ch of word) {
    const cw = charWidth(ch);
    if (w + cw > width && cur !== "") {
      pieces.push(cur);
      cur = "";
      w = 0;
    }
    cur += ch;
    w += cw;
  }
  if (cur !== "") pieces.push(cur);
  return pieces;
}

/**
 * Word-wraps `text` to `width` columns. Existing line breaks are kept (a step's own layout
 * often matters), and words longer than a line are split rather than overflowing.
 */
export function wrap(text: string, width: number): string[] {
  const w = Math.max(1, width);
  const lines: string[] = [];
  for (const paragraph of sanitize(text).split("\n")) {
    let cur = "";
    let curW = 0;
    for (const word of paragraph.split(/ +/)) {
      if (word === "") continue;
      const ww = displayWidth(word);
      if (curW > 0 && curW + 1 + ww <= w) {
        cur += ` ${word}`;
        curW += 1 + ww;
        continue;
      }
      if (curW > 0) lines.push(cur);
      if (ww <= w) {
        cur = word;
        curW = ww;
      } else {
        const pieces = hardSplit(word, w);
        cur = pieces.pop() ?? "";
        lines.push(...pieces);
        curW = displayWidth(cur);
      }
    }
    lines.push(cur);
  }
  return lines;
}

/** Keeps at most `max` lines, turning the last kept one into an ellipsis note. */
export function clampLines(lines: string[], max: number, width: number): string[] {
  if (lines.length <= max) return lines;
  const kept = lines.slice(0, Math.max(0, max - 1));
  kept.push(truncate(`… (${lines.length - kept.length} more lines)`, width));
  return kept;
}

/** Scores are stored rounded to 2 decimals; print them that way, right-alignable. */
export function formatScore(score: number | null | undefined): string {
  return score === null || score === undefined ? "-" : score.toFixed(2);
}

export function formatSigned(n: number): string {
  return `${n > 0 ? "+" : n < 0 ? "-" : "±"}${Math.abs(n).toFixed(2)}`;
}

/** "2025-01-02T13:04:05.123Z" → "2025-01-02 13:04:05" (UTC, as stored). */
export function formatTimestamp(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toISOString().slice(0, 19).replace("T", " ");
}
