/**
 * Parity: for fixed inputs, the app's own reranker (src/lib/rerank, driven
 * through the rerank lab page) on this project's execution provider agrees with
 * the TS reference scorer (src/ranking/sequence-scorer.ts) to 1e-4, on the
 * sequence model's inputs: a pool with a history, a history longer than the
 * model's window, no history (exactly the server order) and random tensors.
 * Runs in both Playwright projects: chromium-wasm and chromium-webgpu
 * (--enable-unsafe-webgpu).
 */
import { expect, test, type Page } from '@playwright/test';
import { measuredWinner } from '@/lib/rerank/ep-choice';
import type { RerankLab } from '@/lib/rerank/lab/rerank-lab';
import { packSequenceInputs } from '@/ranking/sequence-inputs';
import {
  isSequenceModelJson,
  sequenceScores,
  sequenceWeightsFromJson,
} from '@/ranking/sequence-scorer';
import { sequenceParityInputs } from '../bench/lib/rerank-fixtures';

const TOLERANCE = 1e-4;
/** WebGPU on SwiftShader compiles its shaders on the CPU: the first load is slow. */
const LOAD_TIMEOUT_MS = 90_000;

/** The weights of the model the server serves, from the server: parity is about that model. */
async function servedWeights(page: Page) {
  const response = await page.request.get('/models/reranker-weights.json');
  expect(response.status()).toBe(200);
  const json = (await response.json()) as unknown;
  if (!isSequenceModelJson(json)) throw new Error('the served weights are not a sequence model');
  return sequenceWeightsFromJson(json);
}

function projectEp(): 'wasm' | 'webgpu' {
  const ep = test.info().project.metadata.ep as unknown;
  if (ep !== 'wasm' && ep !== 'webgpu')
    throw new Error(`project ${test.info().project.name} names no EP`);
  return ep;
}

async function openLab(page: Page, search: string) {
  await page.goto(`/rerank-lab.html${search}`);
  return page.evaluate(() => (window as unknown as { rerankLab: RerankLab }).rerankLab.ready());
}

test.describe('reranker parity', () => {
  test.setTimeout(LOAD_TIMEOUT_MS + 30_000);

  test('the forced EP loads and scores fixed inputs like the TS reference (≤ 1e-4)', async ({
    page,
  }) => {
    const ep = projectEp();
    const status = await openLab(page, `?ep=${ep}`);
    expect(status.state, JSON.stringify(status)).toBe('ready');
    if (status.state !== 'ready') return;
    expect(status.info.ep).toBe(ep);
    expect(status.info.attempts.map((a) => [a.ep, a.ok])).toEqual([[ep, true]]);

    const weights = await servedWeights(page);
    for (const [k, inputs] of sequenceParityInputs().entries()) {
      const expected = sequenceScores(weights, inputs);
      const result = await page.evaluate(
        ([values, n]) => (window as unknown as { rerankLab: RerankLab }).rerankLab.score(values, n),
        [Array.from(packSequenceInputs(inputs)), inputs.rows] as const,
      );
      expect(result.ep).toBe(ep);
      expect(result.scores).toHaveLength(inputs.rows);
      const worst = result.scores.reduce(
        (acc, score, i) => {
          const diff = Math.abs(score - expected[i]!);
          return diff > acc.diff ? { diff, row: i } : acc;
        },
        { diff: 0, row: -1 },
      );
      expect(
        worst.diff,
        `inputs #${k}, row ${worst.row}: ${result.scores[worst.row]} vs ${expected[worst.row]}`,
      ).toBeLessThanOrEqual(TOLERANCE);
      test.info().annotations.push({
        type: 'max abs diff',
        description: `${ep}, inputs #${k} (${inputs.rows} rows, ${inputs.events} events): ${worst.diff}`,
      });
      // No history: exactly the server order, on the device too.
      if (inputs.events === 0)
        for (let r = 1; r < inputs.rows; r++)
          expect(result.scores[r]!).toBeLessThan(result.scores[r - 1]!);
    }
  });

  test('without a forced EP the app starts on WASM, and measures WebGPU only where an adapter exists', async ({
    page,
  }) => {
    const ep = projectEp();
    const status = await openLab(page, '');
    expect(status.state, JSON.stringify(status)).toBe('ready');
    if (status.state !== 'ready') return;
    // WASM first in both projects: WebGPU is never loaded before it was measured faster here.
    expect(status.info.ep).toBe('wasm');
    expect(status.info.thread).toBe('worker');
    if (ep === 'wasm') {
      // No adapter: WebGPU's failed probe is on record, and there is nothing to measure.
      expect(status.info.attempts).toHaveLength(2);
      expect(status.info.attempts[0]).toMatchObject({ ep: 'webgpu', ok: false });
      expect(status.info.attempts[0]!.reason).toMatch(/adapter|navigator\.gpu/);
      expect(status.info.choice.kind).toBe('no-adapter');
      // Forcing WebGPU where there is none fails, instead of silently running on WASM.
      const forced = await openLab(page, '?ep=webgpu');
      expect(forced.state).toBe('failed');
      if (forced.state === 'failed') {
        expect(forced.attempts.map((a) => a.ep)).toEqual(['webgpu']);
        expect(forced.reason).toMatch(/^no execution provider could run the model \(webgpu: /);
      }
    } else {
      expect(status.info.attempts.map((a) => [a.ep, a.ok])).toEqual([['wasm', true]]);
      expect(status.info.choice.kind).toBe('unmeasured');
      // Measured: both EPs ran the model here; the faster one now runs it.
      const measurement = await page.evaluate(() =>
        (window as unknown as { rerankLab: RerankLab }).rerankLab.measureEp(),
      );
      expect(measurement, 'the measurement ran').not.toBeNull();
      if (!measurement) return;
      expect(measurement.webgpuMs, measurement.webgpuError).not.toBeNull();
      expect(measurement.rows).toBe(500);
      const after = await page.evaluate(() =>
        (window as unknown as { rerankLab: RerankLab }).rerankLab.status(),
      );
      expect(after.state).toBe('ready');
      if (after.state !== 'ready') return;
      expect(after.info.choice).toEqual({
        kind: 'measured',
        ep: measuredWinner(measurement),
        measurement,
      });
      expect(after.info.ep).toBe(measuredWinner(measurement));
    }
  });
});
