import { z } from "zod";

/** The seed's POST /api/tunix/sft/export body; `limit` is honoured now. */
export const TunixSftExportBody = z.object({
  dataset_key: z.string().min(1).max(256).nullable().optional(),
  trace_ids: z.array(z.string()).max(10_000).nullable().optional(),
  limit: z.number().int().min(1).max(10_000).default(100),
  response_style: z.enum(["numbered", "tagged"]).default("numbered"),
  system_instruction: z.string().max(10_000).optional(),
});
export type TunixSftExportBody = z.infer<typeof TunixSftExportBody>;

/** The seed's TunixManifestRequest. */
export const TunixManifestBody = z.object({
  dataset_key: z.string().min(1).max(256),
  model_id: z.string().min(1).max(256),
  output_dir: z.string().min(1).max(512),
  learning_rate: z.number().gt(0).max(1).default(2e-5),
  num_epochs: z.number().int().min(1).max(100).default(3),
  batch_size: z.number().int().min(1).max(512).default(8),
  max_seq_length: z.number().int().min(128).max(32768).default(2048),
  device: z.enum(["cpu", "cuda", "auto"]).optional(),
});
export type TunixManifestBody = z.infer<typeof TunixManifestBody>;

export const TunixManifestResponse = z.object({
  manifest_yaml: z.string(),
  dataset_key: z.string(),
  model_id: z.string(),
  format: z.literal("tunix_sft"),
  message: z.string(),
  /** Absolute path of the rendered training data the manifest points at. */
  dataset_path: z.string(),
});
export type TunixManifestResponse = z.infer<typeof TunixManifestResponse>;

export const TunixStatusResponse = z.object({
  available: z.boolean(),
  version: z.string().nullable(),
  runtime_required: z.boolean(),
  message: z.string(),
  /** Every trainer backend on this host: {available, version, reason}. */
  backends: z.record(
    z.string(),
    z
      .object({ available: z.boolean(), version: z.string().nullable(), reason: z.string().optional() })
      .passthrough(),
  ),
});
export type TunixStatusResponse = z.infer<typeof TunixStatusResponse>;

/** One trainer backend on a host, as `python -m tunix_rt_trainer status` reports it. */
export interface TrainerBackendStatus {
  available: boolean;
  version: string | null;
  reason?: string;
}
/** What a host's Python trainers can do, or why nothing can be said (environment not set up). */
export type TrainerStatus = { backends: Record<string, TrainerBackendStatus> } | { error: string };
