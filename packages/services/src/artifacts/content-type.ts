const TYPES: Record<string, string> = {
  json: "application/json",
  jsonl: "application/x-ndjson",
  ndjson: "application/x-ndjson",
  txt: "text/plain; charset=utf-8",
  log: "text/plain; charset=utf-8",
  out: "text/plain; charset=utf-8",
  err: "text/plain; charset=utf-8",
  md: "text/markdown; charset=utf-8",
  csv: "text/csv; charset=utf-8",
  tsv: "text/tab-separated-values; charset=utf-8",
  yaml: "application/yaml",
  yml: "application/yaml",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  pdf: "application/pdf",
  gz: "application/gzip",
  zip: "application/zip",
  tar: "application/x-tar",
};

/**
 * Content-Type by extension. Anything unknown (weights: .safetensors, .msgpack, .bin, Orbax files)
 * is octet-stream; HTML and SVG deliberately are too, so a trainer's output never runs as a page.
 */
export function contentTypeFor(name: string): string {
  const dot = name.lastIndexOf(".");
  if (dot <= 0) return "application/octet-stream";
  return TYPES[name.slice(dot + 1).toLowerCase()] ?? "application/octet-stream";
}
