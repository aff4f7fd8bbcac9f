import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

/**
 * A port of this run's own, so the suite never collides with `npm start` (8080), a dev server or
 * another run of the suite on the same machine. Chosen once in the runner; its workers inherit
 * the variable, so they agree on the port. INSPO_E2E_PORT picks one.
 */
process.env.INSPO_E2E_PORT ??= String(20_000 + (process.pid % 20_000));
const E2E_PORT = Number(process.env.INSPO_E2E_PORT);

/**
 * Debian's Chromium is used where it is installed: this machine and CI cannot download
 * Playwright's own build (`npx playwright install` has no network). Elsewhere, e.g. on a
 * laptop, `executablePath` stays unset and Playwright uses the browser it installed.
 */
const SYSTEM_CHROMIUM = '/usr/bin/chromium';
const chromiumPath =
  process.env.INSPO_CHROMIUM ?? (existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : undefined);

const CHROMIUM_ARGS = [
  // CI runs as root in a container, where Chromium's sandbox cannot start.
  '--no-sandbox',
  // Nothing outside localhost is reachable here; these stop Chromium from trying.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Specs that exercise the on-device reranker on a given execution provider. */
const RERANK_SPECS = /rerank-.*\.spec\.ts$/;

function chromiumUse(args: string[]) {
  return {
    ...devices['Desktop Chrome'],
    // 1x so the grid's srcset picks the 236 px thumbnail the specs check.
    deviceScaleFactor: 1,
    launchOptions: {
      ...(chromiumPath ? { executablePath: chromiumPath } : {}),
      args,
    },
  };
}

const isCI = Boolean(process.env.CI);

/** Building the openmoji test index from nothing rasterizes ~4,000 thumbnails on 2 cores. */
const SERVER_START_TIMEOUT_MS = 600_000;

export default defineConfig({
  testDir: './e2e',
  fullyParallel: false,
  forbidOnly: true,
  // A flaky test is a bug to fix, not something to retry.
  retries: 0,
  // The machine has 2 cores, shared by the browser, the server and the runner.
  workers: isCI ? 1 : 2,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: isCI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL: `http://localhost:${E2E_PORT}`,
    headless: true,
    // The app registers a service worker (src/app/pwa); requests it answers never reach
    // page.route, which most specs use to inject faults and delays. e2e/pwa.spec.ts allows it.
    serviceWorkers: 'block',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      // Everything, with the reranker on WebAssembly: headless Chromium has no WebGPU adapter
      // without the flag below, so the app's automatic EP choice lands on WASM here.
      name: 'chromium-wasm',
      metadata: { ep: 'wasm' },
      use: chromiumUse(CHROMIUM_ARGS),
    },
    {
      // The reranker specs again with WebGPU (SwiftShader; http://localhost is a secure context).
      // Only those: the rest of the app does not depend on the EP, and CI time is short.
      name: 'chromium-webgpu',
      metadata: { ep: 'webgpu' },
      testMatch: RERANK_SPECS,
      use: chromiumUse([...CHROMIUM_ARGS, '--enable-unsafe-webgpu']),
    },
  ],
  webServer: {
    command: 'node --import tsx e2e/serve.ts',
    url: `http://localhost:${E2E_PORT}/api/health`,
    // Request logs would bury the test output; warnings and errors still show.
    env: { PORT: String(E2E_PORT), LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
    // Only on request: a server found on the port may be serving another build.
    reuseExistingServer: process.env.INSPO_E2E_REUSE === '1',
    timeout: SERVER_START_TIMEOUT_MS,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
