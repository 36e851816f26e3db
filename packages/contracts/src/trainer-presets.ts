/**
 * What a run uses, per built-in trainer, for the fields a request leaves out. The two trainers
 * want very different values: the jax backend trains a small model from scratch (a named size,
 * peak learning rate about 1e-3 to 3e-3), Tunix fine-tunes pretrained Gemma (about 2e-5). One
 * global default would make one of them fail or barely train.
 */
export interface TrainerPreset {
  model_id: string;
  learning_rate: number;
}

export const TRAINER_PRESETS: Readonly<Record<string, TrainerPreset>> = {
  jax: { model_id: "tiny", learning_rate: 2e-3 },
  tunix: { model_id: "gemma-3-1b-it", learning_rate: 2e-5 },
};

/** For a trainer without a preset (one a worker registers under its own name). */
export const FALLBACK_LEARNING_RATE = 2e-5;

export function trainerPreset(trainer: string): TrainerPreset | undefined {
  return Object.hasOwn(TRAINER_PRESETS, trainer) ? TRAINER_PRESETS[trainer] : undefined;
}
