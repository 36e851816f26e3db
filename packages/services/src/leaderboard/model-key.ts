/**
 * One key per evaluated model: a training run's checkpoint is `<run id>:<checkpoint>`
 * ("…:checkpoints/600", "…:init"), a base model `base:<trainer>:<model id>`. Stored with each
 * evaluation (`evaluations.model_key`), so rankings group on a column.
 */
export function modelKeyOf(e: {
  subjectRunId: string | null;
  checkpoint: string;
  trainer: string;
  modelId: string;
}) {
  return e.subjectRunId === null ? `base:${e.trainer}:${e.modelId}` : `${e.subjectRunId}:${e.checkpoint}`;
}
