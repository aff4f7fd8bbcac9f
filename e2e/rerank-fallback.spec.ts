/**
 * WebGPU adapter failure: `navigator.gpu.requestAdapter()` resolving null or rejecting makes
 * the reranker run on WebAssembly, and the app's debug panel records both the failure
 * and the EP in use. Runs in both Playwright projects; in chromium-webgpu (a working WebGPU
 * adapter) it is the real failure path, and a forced `?ep=webgpu` there runs on WebGPU.
 * (`auto` with a working adapter, and the measured choice: rerank-ep-choice.spec.ts.)
 */
import { expect, test, type Page } from '@playwright/test';
import { ADAPTER_FAULT_MESSAGE, failWebGpuAdapter, type AdapterFault } from './support/faults';
import { debugPanel, loadPersona, openDebug, searchInApp } from './support/personalization';

const QUERY = 'red';
/** The page asked for while the model loaded stays in server order; the next one is scored. */
const OTHER_QUERY = 'green';
/**
 * "Last inference" in the panel: set once a page was scored on the EP in use. (Not "Latest page
 * personalized": whether a SwiftShader run fits the 150 ms page budget depends on the load.)
 */
const INFERENCE_TIME = /^\d+\.\d\d ms$/;
/** WebGPU on SwiftShader compiles its shaders on the CPU: the first load is slow. */
const LOAD_TIMEOUT_MS = 90_000;

test.setTimeout(LOAD_TIMEOUT_MS + 60_000);

const REASONS: Record<AdapterFault, string> = {
  'no adapter': 'navigator.gpu.requestAdapter() returned no adapter',
  'requestAdapter throws': `requestAdapter() failed: ${ADAPTER_FAULT_MESSAGE}`,
};

function projectEp(): 'wasm' | 'webgpu' {
  const ep = test.info().project.metadata.ep as unknown;
  if (ep !== 'wasm' && ep !== 'webgpu')
    throw new Error(`project ${test.info().project.name} names no EP`);
  return ep;
}

/** Loads a history and searches, so the reranker loads; returns the debug panel once it is ready. */
async function rankAPage(page: Page, url = '/?debug=1') {
  await page.goto(url);
  await loadPersona(page, 'Animal fan');
  await searchInApp(page, QUERY);
  const panel = await openDebug(page);
  await expect(panel.getByTestId('reranker-state')).toHaveText('ready', {
    timeout: LOAD_TIMEOUT_MS,
  });
  return panel;
}

const attemptLines = (page: Page) =>
  debugPanel(page).locator('dt:text-is("EPs tried") + dd').getByRole('listitem');

for (const fault of ['no adapter', 'requestAdapter throws'] as const) {
  test(`WebGPU adapter failure (${fault}): the reranker falls back to WASM and the debug panel says so`, async ({
    page,
  }) => {
    await failWebGpuAdapter(page, fault);
    const panel = await rankAPage(page);

    await expect(panel.getByTestId('reranker-ep')).toHaveText('wasm');
    const attempts = attemptLines(page);
    await expect(attempts).toHaveCount(2);
    await expect(attempts.nth(0)).toHaveText(`webgpu: failed: ${REASONS[fault]}`);
    await expect(attempts.nth(1)).toHaveText(/^wasm: worked \(\d+ ms\)$/);
    await expect(panel.getByTestId('reranker-ep-reason')).toHaveText(
      `wasm: no WebGPU here (${REASONS[fault]})`,
    );
    // Still in the worker: the fallback is to another EP, not off the worker.
    await expect(panel.locator('dt:text-is("Runs on") + dd')).toHaveText('Web Worker');
    // And it scores pages on WASM.
    await searchInApp(page, OTHER_QUERY);
    await expect(panel.getByTestId('inference-ms')).toHaveText(INFERENCE_TIME);
  });
}

test('without a fault, ?ep= makes the app rank on this project’s EP, the only one tried', async ({
  page,
}) => {
  const ep = projectEp();
  const panel = await rankAPage(page, `/?debug=1&ep=${ep}`);
  await expect(panel.getByTestId('reranker-ep')).toHaveText(ep);
  await expect(panel.getByTestId('reranker-ep-reason')).toHaveText(`${ep}: forced by ?ep=`);
  const attempts = attemptLines(page);
  await expect(attempts).toHaveCount(1);
  await expect(attempts.nth(0)).toHaveText(new RegExp(`^${ep}: worked \\(\\d+ ms\\)$`));
  await searchInApp(page, OTHER_QUERY);
  await expect(panel.getByTestId('inference-ms')).toHaveText(INFERENCE_TIME);
});
