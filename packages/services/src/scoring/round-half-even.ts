/**
 * Python's round(x, n): rounds the exact binary value, ties to even. `toFixed` rounds the exact
 * value too but sends exact ties up, so only exact ties need correcting.
 */
export function pyRound(x: number, digits: number): number {
  const scale = 10 ** digits;
  const scaled = x * scale;
  const floor = Math.floor(scaled);
  if (scaled - floor === 0.5 && scaled / scale === x) {
    const even = floor % 2 === 0 ? floor : floor + 1;
    return even / scale;
  }
  return Number(x.toFixed(digits));
}

/** Length in Unicode code points, like Python's len(). */
export function codePointLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}
