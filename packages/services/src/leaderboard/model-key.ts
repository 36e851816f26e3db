import { type SQL, sql } from "@tunix-rt/db";

/**
 * One key per evaluated model, over `evaluations e`: a training run's checkpoint is
 * `<run id>:<checkpoint>` ("…:checkpoints/600", "…:init"), a base model `base:<trainer>:<model id>`.
 */
export const modelKeySql: SQL = sql`(CASE WHEN e.subject_run_id IS NULL
  THEN 'base:' || e.trainer || ':' || e.model_id
  ELSE e.subject_run_id::text || ':' || e.checkpoint END)`;
