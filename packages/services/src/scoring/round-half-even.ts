/**
 * Python's round(x, n): rounds the exact binary value, ties to even. `toFixed` also works on the
 * exact value but sends exact ties up, so only exact ties need correcting. `toFixed(100)` prints
 * the exact expansion of any double we score (|x| < 1e21 with < 100 fractional digits), which is
 * how a true tie (…5000… exactly) is told apart from a value merely printed as …5.
 */
export function pyRound(x: number, digits: number): number {
  if (!Number.isFinite(x) || Math.abs(x) >= 1e21) return x;
  const exact = Math.abs(x).toFixed(100);
  const frac = exact.slice(exact.indexOf(".") + 1);
  const isTie = frac[digits] === "5" && /^0*$/.test(frac.slice(digits + 1));
  if (!isTie) return Number(x.toFixed(digits));
  const truncated = Number(`${x < 0 ? "-" : ""}${exact.slice(0, exact.indexOf(".") + 1 + digits)}`);
  const lastDigit = Number(frac[digits - 1] ?? exact[exact.indexOf(".") - 1]);
  if (lastDigit % 2 === 0) return truncated;
  const step = 10 ** -digits;
  return Number((truncated + (x < 0 ? -step : step)).toFixed(digits));
}

/** Length in Unicode code points, like Python's len(). */
export function codePointLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}
