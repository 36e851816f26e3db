// What `tunix-rt serve` prints for a person at a terminal, before its JSON log lines.

export interface BannerFacts {
  url: string;
  /** "embedded PGlite in ./data/db" or "Postgres server". */
  database: string;
  dataDir: string;
  /** Trainer names of the in-process worker; null when the server runs none. */
  workerTrainers: string[] | null;
}

export function formatBanner(f: BannerFacts): string[] {
  return [
    "",
    `  tunix-rt is running at ${f.url}`,
    "",
    `  web UI     ${f.url}/`,
    `  API docs   ${f.url}/api/docs`,
    `  database   ${f.database}`,
    `  data       ${f.dataDir}`,
    `  worker     ${
      f.workerTrainers === null
        ? "none in this process (start `tunix-rt worker` processes)"
        : `in-process, trainers: ${f.workerTrainers.join(", ") || "none"}`
    }`,
    "",
    "  Ctrl-C stops it (in-flight requests finish first). Log lines (JSON) follow.",
    "",
  ];
}
