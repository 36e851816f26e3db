import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { codePointLength, pyRound } from "./round-half-even.js";

/**
 * Python's round(x, n), computed exactly: the double's exact value (mantissa · 2^e) times 10^n is
 * rounded half-to-even with BigInt arithmetic, and the decimal result is read back with Number(),
 * which (like CPython's strtod) picks the nearest double.
 */
function exactPyRound(x: number, digits: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const negative = bits >> 63n === 1n;
  const expBits = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  const mantissa = expBits === 0 ? fraction : fraction | (1n << 52n);
  const exp = expBits === 0 ? -1074 : expBits - 1075;
  const scaled = mantissa * 10n ** BigInt(digits);
  let q: bigint;
  if (exp >= 0) q = scaled << BigInt(exp);
  else {
    const den = 1n << BigInt(-exp);
    q = scaled / den;
    const twice = 2n * (scaled % den);
    if (twice > den || (twice === den && q % 2n === 1n)) q += 1n;
  }
  return Number(`${negative ? "-" : ""}${q}e-${digits}`);
}

describe("pyRound: Python's round(x, n)", () => {
  it("rounds exact binary ties to even", () => {
    expect(pyRound(0.125, 2)).toBe(0.12);
    expect(pyRound(0.375, 2)).toBe(0.38);
    expect(pyRound(0.625, 2)).toBe(0.62);
    expect(pyRound(0.875, 2)).toBe(0.88);
    expect(pyRound(2.5, 0)).toBe(2);
    expect(pyRound(3.5, 0)).toBe(4);
    expect(pyRound(-0.125, 2)).toBe(-0.12);
    expect(pyRound(-2.5, 0)).toBe(-2);
    expect(pyRound(12.5, 0)).toBe(12);
  });

  it("rounds values that only print as ...5 by their exact binary value", () => {
    expect(pyRound(2.675, 2)).toBe(2.67); // 2.67499999999999982236431605997495353221893310546875
    expect(pyRound(21.725, 2)).toBe(21.73); // 21.725000000000001421085471520200371742248535156250
    expect(pyRound(1.005, 2)).toBe(1); // 1.00499999999999989341858963598497211933135986328125
    expect(pyRound(1.725, 2)).toBe(1.73);
    expect(pyRound(0.285, 2)).toBe(0.28);
    expect(pyRound(28.055, 2)).toBe(exactPyRound(28.055, 2));
  });

  it("leaves already-rounded values, integers and non-finite values alone", () => {
    expect(pyRound(28.06, 2)).toBe(28.06);
    expect(pyRound(100, 2)).toBe(100);
    expect(pyRound(0, 2)).toBe(0);
    expect(pyRound(Number.NaN, 2)).toBeNaN();
    expect(pyRound(Number.POSITIVE_INFINITY, 2)).toBe(Number.POSITIVE_INFINITY);
  });

  it("the exact reference agrees with CPython on known values", () => {
    // Outputs of CPython 3 round(x, 2).
    const python: Array<[number, number]> = [
      [0.125, 0.12],
      [2.675, 2.67],
      [21.725, 21.73],
      [1.005, 1],
      [0.285, 0.28],
      [-2.675, -2.67],
      [99.995, 100], // 99.99500000000000454…
      [3.06, 3.06],
      [28.06, 28.06],
    ];
    for (const [x, want] of python) expect(exactPyRound(x, 2)).toBe(want);
  });

  it("matches Python's rounding for any score-range double (property)", () => {
    const scoreLike = fc.oneof(
      fc.double({ min: -100, max: 100, noNaN: true }),
      // Three-decimal values: the ones that look like ties in decimal.
      fc.integer({ min: -100_000, max: 100_000 }).map((k) => k / 1000),
      // Sums like step_score + length_score, the way the baseline formula builds them.
      fc
        .tuple(
          fc.integer({ min: 0, max: 10 }),
          fc.integer({ min: 1, max: 20_000 }),
          fc.integer({ min: 1, max: 1000 }),
        )
        .map(([steps, total, n]) => Math.min(steps / 10, 1) * 50 + Math.min(total / n / 500, 1) * 50),
    );
    fc.assert(
      fc.property(scoreLike, fc.integer({ min: 0, max: 4 }), (x, digits) => {
        // `+ 0` folds -0 into 0: Python keeps round(-0.0) == -0.0, JSON writes both as 0.
        expect(pyRound(x, digits) + 0).toBe(exactPyRound(x, digits) + 0);
      }),
      { numRuns: 5000 },
    );
  });

  it("matches Python for larger magnitudes (averages up to 20,000 characters)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20_000_000 }), fc.integer({ min: 1, max: 1000 }), (total, n) => {
        const avg = total / n;
        expect(pyRound(avg, 2)).toBe(exactPyRound(avg, 2));
      }),
      { numRuns: 3000 },
    );
  });
});

describe("codePointLength", () => {
  it("counts code points, not UTF-16 units", () => {
    expect(codePointLength("")).toBe(0);
    expect(codePointLength("abc")).toBe(3);
    expect(codePointLength("é")).toBe(1);
    expect(codePointLength("😀")).toBe(1);
    expect("😀".length).toBe(2);
    expect(codePointLength("👩‍👩‍👧")).toBe(5); // a grapheme of 5 code points (Python len() is 5 too)
    expect(codePointLength("\ud800x")).toBe(2); // a lone surrogate is one code point
  });

  it("equals Array.from(s).length for any string (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        expect(codePointLength(s)).toBe(Array.from(s).length);
      }),
      { numRuns: 500 },
    );
  });
});
