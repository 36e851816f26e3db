// Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time by function and by package.
process.stdout.on("error", () => process.exit(0)); // e.g. piped into head

//   npx tsx bench/tools/cpuprofile-top.ts FILE.cpuprofile [--top=30]
import { readFileSync } from "node:fs";

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
const file = process.argv[2];
if (!file) throw new Error("usage: cpuprofile-top FILE.cpuprofile [--top=30]");
const top = Number(process.argv.find((a) => a.startsWith("--top="))?.slice(6) ?? 30);
const prof = JSON.parse(readFileSync(file, "utf8")) as {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
};
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const self = new Map<number, number>();
prof.samples.forEach((id, i) => {
  self.set(id, (self.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0));
});
const total = [...self.values()].reduce((a, b) => a + b, 0);

const where = (url: string) => {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1]!;
  if (url.includes("/packages/") || url.includes("/apps/"))
    return url.replace(/^.*\/(packages|apps)\//, "$1/");
  return url ? url.replace(/^.*\//, "") : "(native)";
};
const fn = new Map<string, number>();
const pkg = new Map<string, number>();
for (const [id, us] of self) {
  const n = byId.get(id)!;
  const key = `${n.callFrame.functionName || "(anon)"} ${where(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
  fn.set(key, (fn.get(key) ?? 0) + us);
  const p = where(n.callFrame.url).replace(/\/src\/.*$/, "");
  pkg.set(p, (pkg.get(p) ?? 0) + us);
}
const show = (title: string, m: Map<string, number>) => {
  console.log(`\n${title} (total ${(total / 1e6).toFixed(2)} s)`);
  for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(
      `${((100 * us) / total).toFixed(1).padStart(5)}%  ${(us / 1e3).toFixed(0).padStart(7)} ms  ${k}`,
    );
  }
};
show("self time by function", fn);
show("self time by package/file", pkg);
