/**
 * The WebAssembly runtime (onnxruntime-web's .wasm files) missing or corrupt: the reranker
 * fails once, results stay in server order, and the debug panel says why.
 * (A missing or corrupt model file is in personalization.spec.ts.)
 */
import { expect, test } from '@playwright/test';
import {
  debugPanel,
  gridOrder,
  loadPersona,
  searchInApp,
  serverOrder,
  waitForReranker,
} from './support/personalization';

/** Both runtimes (the plain SIMD build and the WebGPU one) are hashed .wasm assets. */
const WASM_RUNTIME = '**/assets/ort-wasm-*.wasm';
const QUERY = 'red';
const OTHER_QUERY = 'green';
const TOP = 10;

test.setTimeout(120_000);

for (const breakage of ['missing (404)', 'corrupt bytes'] as const) {
  test(`a ${breakage} WASM runtime leaves results in server order and the debug panel says so`, async ({
    page,
  }) => {
    const served: string[] = [];
    await page.context().route(WASM_RUNTIME, (route) => {
      served.push(route.request().url());
      return breakage === 'missing (404)'
        ? route.fulfill({ status: 404, body: 'gone' })
        : route.fulfill({
            status: 200,
            contentType: 'application/wasm',
            body: Buffer.from('\0asm but not really a WebAssembly module'),
          });
    });
    await page.goto('/?debug=1');
    await loadPersona(page, 'Food lover');
    await searchInApp(page, QUERY);
    await waitForReranker(page, /^failed: /);
    expect(served.length, 'the runtime was asked for (and broken)').toBeGreaterThan(0);
    const state = debugPanel(page).getByTestId('reranker-state');
    // onnxruntime compiles whatever it was sent (a 404 page too): the panel shows why it failed.
    await expect(state).toHaveText(
      /^failed: no execution provider could run the model \(.*wasm: .*CompileError: WebAssembly\.instantiate\(\)/,
    );
    await expect(debugPanel(page).getByTestId('reranker-ep')).toHaveText('–');
    await expect(
      debugPanel(page)
        .getByRole('listitem')
        .filter({ hasText: /^wasm: / }),
    ).toHaveText(/^wasm: failed: /);

    // A search after the failure: shown, in server order, and the panel says why.
    await searchInApp(page, OTHER_QUERY);
    await expect(debugPanel(page).getByTestId('feed-order')).toHaveText(
      /^Showing server order: .*no execution provider/,
    );
    const server = await serverOrder(page, OTHER_QUERY);
    expect(await gridOrder(page, OTHER_QUERY, TOP)).toEqual(server.slice(0, TOP).map((c) => c.id));
  });
}
