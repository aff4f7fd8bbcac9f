/**
 * TensorFlow.js for training: the WASM backend (about 5× the pure-JS one here; tfjs-node cannot
 * fetch its native library offline), falling back to the CPU backend if WASM fails to start.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

export { tf };

export async function initTfjs(preferred: 'wasm' | 'cpu' = 'wasm'): Promise<string> {
  const ok = await tf.setBackend(preferred).catch(() => false);
  if (!ok) await tf.setBackend('cpu');
  await tf.ready();
  return tf.getBackend();
}
