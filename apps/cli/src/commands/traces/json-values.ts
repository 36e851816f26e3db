/**
 * Splits JSON text into its values, chunk by chunk, so a JSON array (or a file of pretty-printed
 * objects) can be sent as NDJSON while holding only one element in memory. It tracks just
 * strings and nesting; each value's own validity is left to the server, which reports it per line.
 *
 * - "array": the elements of one top-level array, `[a, b, …]`.
 * - "sequence": top-level values one after another (`{…} {…}`, whitespace-separated).
 *
 * Each value comes out on one line: whitespace newlines are turned into spaces (raw newlines
 * cannot occur inside valid JSON strings, so this never changes a valid value's meaning).
 */
export class JsonValueSplitter {
  private pieces: string[] = [];
  private depth = 0;
  private inString = false;
  private escape = false;
  private hasContent = false;
  /** array mode: 0 before "[", 1 inside, 2 after the closing "]". */
  private phase = 0;
  private emitted = 0;
  private trailing: string[] = [];

  constructor(private readonly mode: "array" | "sequence") {}

  /** Feeds the next piece of text; returns the values it completed. */
  push(text: string): string[] {
    return this.mode === "array" ? this.pushArray(text) : this.pushSequence(text);
  }

  /** Flushes what is left at end of input (an unclosed value still goes to the server). */
  end(): string[] {
    const out: string[] = [];
    if (this.hasContent) out.push(this.take(""));
    const rest = this.trailing.join("").trim();
    if (rest) out.push(oneLine(rest));
    return out;
  }

  private take(piece: string): string {
    this.pieces.push(piece);
    const value = oneLine(this.pieces.join(""));
    this.pieces = [];
    this.hasContent = false;
    this.emitted++;
    return value;
  }

  /** Returns true when `ch` was consumed as part of a string literal. */
  private stringChar(ch: string): boolean {
    if (!this.inString) return false;
    if (this.escape) this.escape = false;
    else if (ch === "\\") this.escape = true;
    else if (ch === '"') this.inString = false;
    return true;
  }

  private pushArray(text: string): string[] {
    const out: string[] = [];
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i]!;
      if (this.phase === 2) {
        this.trailing.push(text.slice(i));
        return out;
      }
      if (this.phase === 0) {
        if (ch === "[") {
          this.phase = 1;
          this.depth = 1;
          start = i + 1;
        } else if (!isSpace(ch)) {
          // Not an array after all: everything is one (malformed) value for the server to report.
          this.phase = 2;
          this.trailing.push(text.slice(i));
          return out;
        }
        continue;
      }
      if (this.stringChar(ch)) continue;
      if (ch === '"') {
        this.inString = true;
        this.hasContent = true;
      } else if (ch === "{" || ch === "[") {
        this.depth++;
        this.hasContent = true;
      } else if (ch === "]" && this.depth === 1) {
        // `[]` holds nothing; an empty last slot (`[a,]`) is reported like any empty element.
        if (this.hasContent || this.emitted > 0) out.push(this.elementOrNull(text.slice(start, i)));
        this.phase = 2;
        start = i + 1;
      } else if (ch === "}" || ch === "]") {
        if (this.depth > 1) this.depth--;
        this.hasContent = true;
      } else if (ch === "," && this.depth === 1) {
        out.push(this.elementOrNull(text.slice(start, i)));
        start = i + 1;
      } else if (!isSpace(ch)) {
        this.hasContent = true;
      }
    }
    if (this.phase === 1) this.pieces.push(text.slice(start));
    return out;
  }

  /** An empty slot (`[a,,b]`) becomes `null` so the server rejects that item by its number. */
  private elementOrNull(piece: string): string {
    if (this.hasContent) return this.take(piece);
    this.pieces = [];
    this.emitted++;
    return "null";
  }

  private pushSequence(text: string): string[] {
    const out: string[] = [];
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i]!;
      if (this.stringChar(ch)) {
        if (!this.inString && this.depth === 0) {
          out.push(this.take(text.slice(start, i + 1)));
          start = i + 1;
        }
        continue;
      }
      if (!this.hasContent) {
        if (isSpace(ch)) continue;
        this.hasContent = true;
        start = i;
        this.pieces = [];
      } else if (this.depth === 0 && (isSpace(ch) || ch === "{" || ch === "[" || ch === '"')) {
        // A bare scalar ends here; whatever follows starts the next value.
        out.push(this.take(text.slice(start, i)));
        start = i;
        if (isSpace(ch)) continue;
        this.hasContent = true;
      }
      if (ch === '"') this.inString = true;
      else if (ch === "{" || ch === "[") this.depth++;
      else if ((ch === "}" || ch === "]") && this.depth > 0) {
        this.depth--;
        if (this.depth === 0) {
          out.push(this.take(text.slice(start, i + 1)));
          start = i + 1;
        }
      }
    }
    if (this.hasContent) this.pieces.push(text.slice(start));
    return out;
  }
}

function isSpace(ch: string): boolean {
  return ch === " " || ch === "\n" || ch === "\r" || ch === "\t" || ch === "\uFEFF";
}

function oneLine(s: string): string {
  return s.replace(/[\r\n]+/g, " ").trim();
}
