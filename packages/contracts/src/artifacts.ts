import { z } from "zod";

/** One file or directory of a run, as the artifact listing shows it. */
export const ArtifactEntry = z.object({
  /** POSIX path relative to the run directory ("checkpoints/100/state"); the download key. */
  path: z.string(),
  /** Basename, as in the seed's listing. */
  name: z.string(),
  type: z.enum(["file", "dir"]),
  /** Bytes; for a directory, the total of the files listed below it. */
  size: z.number().int().nonnegative(),
  modified_at: z.string(),
  /** Hex sha256 of a file once computed (`?hash=true` or the meta endpoint); null until then and for dirs. */
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .nullable(),
});
export type ArtifactEntry = z.infer<typeof ArtifactEntry>;

export const ListArtifactsQuery = z.object({
  /** "true" computes every missing sha256 now (cached in the run directory afterwards). */
  hash: z.enum(["true", "false"]).optional(),
});
export type ListArtifactsQuery = z.infer<typeof ListArtifactsQuery>;

/** The seed's `{"artifacts": [...]}` envelope, entries extended; `truncated` past 50,000 entries. */
export const ListArtifactsResponse = z.object({
  run_id: z.string(),
  artifacts: z.array(ArtifactEntry),
  truncated: z.boolean(),
});
export type ListArtifactsResponse = z.infer<typeof ListArtifactsResponse>;

export const ArtifactRunParams = z.object({ id: z.string() });
export type ArtifactRunParams = z.infer<typeof ArtifactRunParams>;

/** `path` may contain slashes; each segment percent-encoded once (encodeURIComponent). */
export const ArtifactPathParams = z.object({ id: z.string(), path: z.string() });
export type ArtifactPathParams = z.infer<typeof ArtifactPathParams>;
