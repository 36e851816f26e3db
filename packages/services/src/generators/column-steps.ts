/**
 * Worked steps for one operation written digit by digit, as on paper: a line per column with the
 * two digits, any carry or borrow, and the column's value. A small byte-level model learns this far
 * more easily than "47 + 85 = 132" in one step: every digit it writes depends on a few nearby ones.
 *
 * The trainer mirrors this file byte for byte (trainers/tunix_rt_trainer/arithmetic.py); a fixture
 * (column-fixture.json) keeps the two in step.
 */

export type Op = "+" | "-" | "*";
export interface Step {
  type: string;
  content: string;
}

export const PLACES = [
  "Ones",
  "Tens",
  "Hundreds",
  "Thousands",
  "Ten thousands",
  "Hundred thousands",
  "Millions",
  "Ten millions",
  "Hundred millions",
  "Billions",
];

/** Digits, ones first. */
const digitsOf = (n: number) => [...String(n)].reverse().map(Number);

function place(i: number): string {
  const name = PLACES[i];
  if (!name) throw new Error(`column ${i + 1} is beyond the named places`);
  return name;
}

/** x + y, x and y ≥ 0. The carry into a column shows as a third term; the top column keeps its carry. */
export function addColumns(x: number, y: number): Step[] {
  const xs = digitsOf(x);
  const ys = digitsOf(y);
  const steps: Step[] = [];
  let carry = 0;
  for (let i = 0; i < Math.max(xs.length, ys.length); i++) {
    const a = xs[i] ?? 0;
    const b = ys[i] ?? 0;
    const s = a + b + carry;
    steps.push({ type: "column", content: `${place(i)}: ${a} + ${b}${carry ? ` + ${carry}` : ""} = ${s}` });
    carry = Math.floor(s / 10);
  }
  return steps;
}

/**
 * x − y, x ≥ y ≥ 0. A column that borrows writes its top digit with the borrowed ten ("13 - 8 = 5"),
 * and the next column pays it back ("8 - 5 - 1 = 2").
 */
export function subtractColumns(x: number, y: number): Step[] {
  const xs = digitsOf(x);
  const ys = digitsOf(y);
  const steps: Step[] = [];
  let borrow = 0;
  for (let i = 0; i < xs.length; i++) {
    const a = xs[i]!;
    const b = ys[i] ?? 0;
    const lend = a - borrow < b ? 1 : 0;
    const value = 10 * lend + a - borrow - b;
    const terms = `${lend ? "1" : ""}${a} - ${b}${borrow ? " - 1" : ""}`;
    steps.push({ type: "column", content: `${place(i)}: ${terms} = ${value}` });
    borrow = lend;
  }
  return steps;
}

/** x × d for one digit d: each column's product plus the carry from the column before. */
export function multiplyDigitColumns(x: number, d: number): Step[] {
  const steps: Step[] = [];
  let carry = 0;
  for (const [i, a] of digitsOf(x).entries()) {
    const s = a * d + carry;
    steps.push({ type: "column", content: `${place(i)}: ${a} * ${d}${carry ? ` + ${carry}` : ""} = ${s}` });
    carry = Math.floor(s / 10);
  }
  return steps;
}

/**
 * x × y, x ≥ 0, y ≥ 1: one digit in columns; a longer y by partial products (x times each non-zero
 * digit, shifted to its place), added up in columns.
 */
export function multiplyColumns(x: number, y: number): Step[] {
  if (y < 10) return multiplyDigitColumns(x, y);
  const steps: Step[] = [];
  const partials: number[] = [];
  for (const [j, d] of digitsOf(y).entries()) {
    if (d === 0) continue;
    steps.push(...multiplyDigitColumns(x, d), {
      type: "partial",
      content: `Multiply: ${x} * ${d} = ${x * d}`,
    });
    const shifted = x * d * 10 ** j;
    if (j > 0) steps.push({ type: "partial", content: `Shift: ${x * d} * ${10 ** j} = ${shifted}` });
    partials.push(shifted);
  }
  let sum = partials[0]!;
  for (const p of partials.slice(1)) {
    steps.push(...addColumns(sum, p), { type: "partial", content: `Add: ${sum} + ${p} = ${sum + p}` });
    sum += p;
  }
  return steps;
}

/**
 * value op b (b ≥ 1) by columns on magnitudes. A negative value or a subtraction below zero is first
 * rewritten as a problem on non-negative numbers with the sign outside ("Rewrite: 23 - 85 =
 * -(85 - 23)"), so the columns never see a sign.
 */
export function columnSteps(value: number, op: Op, b: number): Step[] {
  const v = Math.abs(value);
  const rewrite = (to: string): Step => ({
    type: "rewrite",
    content: `Rewrite: ${value} ${op} ${b} = ${to}`,
  });
  if (op === "*") {
    if (value >= 0) return multiplyColumns(value, b);
    return [rewrite(`-(${v} * ${b})`), ...multiplyColumns(v, b)];
  }
  if (op === "+") {
    if (value >= 0) return addColumns(value, b);
    if (b >= v) return [rewrite(`${b} - ${v}`), ...subtractColumns(b, v)];
    return [rewrite(`-(${v} - ${b})`), ...subtractColumns(v, b)];
  }
  if (value >= b) return subtractColumns(value, b);
  if (value >= 0) return [rewrite(`-(${b} - ${value})`), ...subtractColumns(b, value)];
  return [rewrite(`-(${v} + ${b})`), ...addColumns(v, b)];
}
