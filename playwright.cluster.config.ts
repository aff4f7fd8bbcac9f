/**
 * The e2e smoke on the cluster engine: the search, infinite-scroll, closeup and refinement
 * specs against a server with INSPO_ENGINE=solr over the openmoji test index published into a
 * running SolrCloud cluster (alias inspo-test; test/api/support/test-cluster.ts).
 *
 * NEEDS A RUNNING CLUSTER: `npm run cluster` locally (INSPO_SOLR_URL, default
 * http://127.0.0.1:8983/solr); `.ci/run` starts one. Without it the web server fails to start
 * with a message that says so, and the run fails.
 *
 *   npx playwright test --config playwright.cluster.config.ts     (npm run test:e2e:cluster)
 */
import { defineConfig } from '@playwright/test';
import base from './playwright.config';

/** A port of its own, next to the embedded engine's run. */
process.env.INSPO_E2E_CLUSTER_PORT ??= String(20_000 + ((process.pid + 7_919) % 20_000));
const PORT = Number(process.env.INSPO_E2E_CLUSTER_PORT);

const SMOKE_SPECS = /(search|infinite-scroll|closeup|refinements)\.spec\.ts$/;
const wasm = base.projects!.find((p) => p.name === 'chromium-wasm')!;

export default defineConfig({
  ...base,
  outputDir: 'test-results/cluster',
  use: { ...base.use, baseURL: `http://localhost:${PORT}` },
  projects: [{ ...wasm, name: 'chromium-cluster', testMatch: SMOKE_SPECS }],
  webServer: {
    ...(Array.isArray(base.webServer) ? base.webServer[0]! : base.webServer!),
    url: `http://localhost:${PORT}/api/ready`,
    env: {
      PORT: String(PORT),
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      INSPO_ENGINE: 'solr',
    },
  },
});
