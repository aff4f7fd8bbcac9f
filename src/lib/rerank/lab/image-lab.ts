/**
 * `window.imageLab` on the rerank lab page: the app's own image encoder (image-encoder/), for the
 * parity e2e (the model's features for a given input tensor, on a forced EP) and the browser
 * bench (time per picture). Loads nothing until called.
 */
import { getImageEncoder, type EncoderStatus } from '../image-encoder/encoder-main';

export interface ImageLab {
  load(): Promise<EncoderStatus>;
  status(): EncoderStatus;
  /** The model's raw features and L2-normalised embedding for one input ([1, 3, 224, 224] flat). */
  embedInput(input: number[]): Promise<{ ep: string; features: number[]; vector: number[]; ms: number }>;
  /** `runs` timed embeddings of the same input after `warmupRuns`: session.run ms each. */
  timeEmbed(input: number[], runs: number, warmupRuns: number): Promise<{ ep: string; samples: number[] }>;
}

declare global {
  interface Window {
    imageLab?: ImageLab;
  }
}

const encoder = getImageEncoder();
const epOf = () => {
  const status = encoder.getStatus();
  return status.state === 'ready' ? status.info.ep : 'none';
};

window.imageLab = {
  async load() {
    await encoder.load().catch(() => undefined);
    return encoder.getStatus();
  },
  status: () => encoder.getStatus(),
  async embedInput(input) {
    const { features, vector, ms } = await encoder.embedInput(Float32Array.from(input));
    return { ep: epOf(), features: Array.from(features), vector: Array.from(vector), ms };
  },
  async timeEmbed(input, runs, warmupRuns) {
    const data = Float32Array.from(input);
    for (let i = 0; i < warmupRuns; i++) await encoder.embedInput(data.slice());
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) samples.push((await encoder.embedInput(data.slice())).ms);
    return { ep: epOf(), samples };
  },
};
