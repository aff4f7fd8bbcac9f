/**
 * The execution provider by cost (src/lib/rerank/ep-choice.ts), as the debug panel shows it:
 * which EP runs and why. Runs in both Playwright projects:
 * - chromium-wasm (no WebGPU adapter): WASM, "no WebGPU here", nothing measured;
 * - chromium-webgpu (SwiftShader): WASM first, both EPs measured in the background after a
 *   personalized page, the measured reason shown, remembered across a reload, followed when it
 *   says WebGPU, and measured again for another model version.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { adapterIdentity, type EpMeasurement } from '@/lib/rerank/ep-choice';
import { EP_MEASUREMENTS_KEY } from '@/lib/rerank/ep-memory';
import { loadPersona, openDebug, searchInApp } from './support/personalization';

/** WebGPU on SwiftShader compiles its shaders on the CPU: the measurement takes a while. */
const MEASURE_TIMEOUT_MS = 90_000;
test.setTimeout(MEASURE_TIMEOUT_MS + 90_000);

/** "wasm: 0.42 ms vs webgpu 14 ms for 500 rows, measured 2026-12-07 00:31 UTC, model <v>". */
const MEASURED =
  /^(?<ep>wasm|webgpu): \d+(\.\d+)? ms (vs (webgpu|wasm) \d+(\.\d+)? ms|; webgpu could not run it \(.+\)) for 500 rows, measured \d{4}-\d\d-\d\d \d\d:\d\d UTC, model (?<model>\S+)$/;
const NO_ADAPTER =
  /^wasm: no WebGPU here \((navigator\.gpu is missing|navigator\.gpu\.requestAdapter\(\) returned no adapter)/;
const WEBGPU_RUNTIME =
  /\/assets\/(ort\.webgpu\.bundle\.min-[^/]+\.js|ort-wasm-simd-threaded\.asyncify-[^/]+\.wasm)$/;

function projectEp(): 'wasm' | 'webgpu' {
  const ep = test.info().project.metadata.ep as unknown;
  if (ep !== 'wasm' && ep !== 'webgpu')
    throw new Error(`project ${test.info().project.name} names no EP`);
  return ep;
}

const reason = (panel: Locator) => panel.getByTestId('reranker-ep-reason');

/** A history, a search (the model loads) and a second search (a page is scored). */
async function personalize(page: Page, url = '/?debug=1'): Promise<Locator> {
  await page.goto(url);
  await loadPersona(page, 'Animal fan');
  await searchInApp(page, 'red');
  const panel = await openDebug(page);
  await expect(panel.getByTestId('reranker-state')).toHaveText('ready', {
    timeout: MEASURE_TIMEOUT_MS,
  });
  await searchInApp(page, 'green');
  await expect(panel.getByTestId('inference-ms')).toHaveText(/^\d+\.\d\d ms$/);
  return panel;
}

async function servedModelVersion(page: Page): Promise<string> {
  const response = await page.request.get('/models/model-card.json');
  const card = (await response.json()) as { version: string | number };
  return String(card.version);
}

/** The identity the app computes for this browser's adapter. */
async function pageAdapterIdentity(page: Page): Promise<string> {
  const info = await page.evaluate(async () => {
    const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
    const adapter = (await gpu?.requestAdapter()) as {
      info?: { vendor: string; architecture: string; device: string; description: string };
    } | null;
    const i = adapter?.info;
    return i
      ? {
          vendor: i.vendor,
          architecture: i.architecture,
          device: i.device,
          description: i.description,
        }
      : {};
  });
  return adapterIdentity(info);
}

/** Stores measurements as the app would have, then starts the app afresh. */
async function remember(page: Page, measurements: EpMeasurement[]): Promise<void> {
  await page.goto('/');
  await page.evaluate(([key, value]) => localStorage.setItem(key, value), [
    EP_MEASUREMENTS_KEY,
    JSON.stringify(measurements),
  ] as const);
}

test('the debug panel shows which EP runs and its measured reason', async ({ page }) => {
  const ep = projectEp();
  const webgpuRequests: string[] = [];
  page.on('request', (r) => {
    if (WEBGPU_RUNTIME.test(new URL(r.url()).pathname)) webgpuRequests.push(r.url());
  });
  const panel = await personalize(page);

  if (ep === 'wasm') {
    await expect(panel.getByTestId('reranker-ep')).toHaveText('wasm');
    await expect(reason(panel)).toHaveText(NO_ADAPTER);
    // Nothing to measure without an adapter: the WebGPU runtime is never fetched.
    expect(webgpuRequests).toEqual([]);
    return;
  }

  // An adapter: WASM runs while both EPs are measured in the background, then the reason says
  // what was measured, and the EP shown is the one it names.
  await expect(reason(panel)).toHaveText(MEASURED, { timeout: MEASURE_TIMEOUT_MS });
  const line = (await reason(panel).textContent()) ?? '';
  const { ep: winner = '?', model } = MEASURED.exec(line)?.groups ?? {};
  await expect(panel.getByTestId('reranker-ep')).toHaveText(winner);
  expect(model).toBe(await servedModelVersion(page));
  // The measurement is what fetched the WebGPU runtime, once.
  expect(webgpuRequests.length).toBeGreaterThan(0);

  // Remembered: a reload shows the same measurement at once and does not measure again.
  webgpuRequests.length = 0;
  await page.reload();
  const again = await openDebug(page);
  await expect(again.getByTestId('reranker-state')).toHaveText('ready', {
    timeout: MEASURE_TIMEOUT_MS,
  });
  await expect(reason(again)).toHaveText(line);
  await expect(again.getByTestId('reranker-ep')).toHaveText(winner);
  if (winner === 'wasm') expect(webgpuRequests, 'WASM won: no WebGPU runtime').toEqual([]);
});

test('a remembered measurement is followed for its model and adapter, and not for another model', async ({
  page,
}) => {
  const ep = projectEp();
  const model = await servedModelVersion(page);
  await page.goto('/');
  const adapter = ep === 'webgpu' ? await pageAdapterIdentity(page) : 'unknown adapter';
  const measuredAt = Date.UTC(2026, 0, 2, 3, 4);
  const webgpuFaster: EpMeasurement = {
    modelVersion: model,
    adapter,
    rows: 500,
    wasmMs: 5,
    webgpuMs: 0.1,
    measuredAt,
    durationMs: 1000,
  };
  await remember(page, [webgpuFaster]);
  let panel = await personalize(page);
  if (ep === 'wasm') {
    // No adapter here: whatever is remembered, WASM runs.
    await expect(panel.getByTestId('reranker-ep')).toHaveText('wasm');
    await expect(reason(panel)).toHaveText(NO_ADAPTER);
    return;
  }
  await expect(panel.getByTestId('reranker-ep')).toHaveText('webgpu');
  await expect(reason(panel)).toHaveText(
    `webgpu: 0.10 ms vs wasm 5.0 ms for 500 rows, measured 2026-01-02 03:04 UTC, model ${model}`,
  );

  // The same numbers for another model version: this model is measured afresh.
  await remember(page, [{ ...webgpuFaster, modelVersion: `${model}-older` }]);
  panel = await personalize(page);
  await expect(reason(panel)).toHaveText(MEASURED, { timeout: MEASURE_TIMEOUT_MS });
  await expect(reason(panel)).toContainText(`, model ${model}`);
  await expect(reason(panel)).not.toContainText('2026-01-02 03:04');
});
