import type { ArtifactEntry } from "@tunix-rt/contracts";

export interface ArtifactNode {
  entry: ArtifactEntry;
  depth: number;
  children: ArtifactNode[];
}

const collator = new Intl.Collator("en", { numeric: true });

/** Directories first, then files; numbers in natural order (checkpoints/2 before checkpoints/10). */
function order(a: ArtifactNode, b: ArtifactNode): number {
  if (a.entry.type !== b.entry.type) return a.entry.type === "dir" ? -1 : 1;
  return collator.compare(a.entry.name, b.entry.name);
}

/** The flat listing (paths relative to the run directory) as a tree. */
export function artifactTree(entries: readonly ArtifactEntry[]): ArtifactNode[] {
  const byPath = new Map<string, ArtifactNode>();
  const roots: ArtifactNode[] = [];
  // Parents sort before their children in the server's order, but do not rely on it.
  const sorted = [...entries].sort((a, b) => a.path.split("/").length - b.path.split("/").length);
  for (const entry of sorted) {
    const cut = entry.path.lastIndexOf("/");
    const parent = cut > 0 ? byPath.get(entry.path.slice(0, cut)) : undefined;
    const node: ArtifactNode = { entry, depth: parent ? parent.depth + 1 : 0, children: [] };
    byPath.set(entry.path, node);
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const sortAll = (nodes: ArtifactNode[]) => {
    nodes.sort(order);
    for (const n of nodes) sortAll(n.children);
  };
  sortAll(roots);
  return roots;
}

/** Top-level directories start open, deeper ones closed; `toggled` holds the paths flipped since. */
export function isOpen(node: ArtifactNode, toggled: ReadonlySet<string>): boolean {
  const byDefault = node.depth === 0;
  return toggled.has(node.entry.path) ? !byDefault : byDefault;
}

/** The rows to show: every node whose ancestors are all open, in tree order. */
export function visibleNodes(roots: readonly ArtifactNode[], toggled: ReadonlySet<string>): ArtifactNode[] {
  const out: ArtifactNode[] = [];
  const walk = (nodes: readonly ArtifactNode[]) => {
    for (const n of nodes) {
      out.push(n);
      if (n.entry.type === "dir" && isOpen(n, toggled)) walk(n.children);
    }
  };
  walk(roots);
  return out;
}
