/**
 * Seeds shared by the trainer (sequence-pipeline.ts), the offline evaluation and any later check:
 * one run seed, and separate PRNG streams for validation and held-out users, so they never share a
 * draw with training users. (The 21-feature MLP's own pipeline is gone; its architecture is still
 * trained, as a baseline on the same lists, by `npm run train -- --ablations-only`.)
 */
export const DEFAULT_SEED = 42;
export const VALID_SEED_STREAM = 1_000_001;
export const EVAL_SEED_STREAM = 1_000_003;
