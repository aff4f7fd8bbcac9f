/**
 * Builds the shared test index (data/test-index) before the unit and API suites start, so that no
 * test file's setup hook pays for it: with image embeddings and the tag head, a cold build takes a
 * few minutes on 2 cores while the cluster starts beside it, past vitest's hook timeout. A current
 * index is reused at once. `tsx scripts/ensure-test-index.ts` (part of `npm test`).
 */
import { ensureTestIndex } from '@/server/ingest/test-index';

const started = performance.now();
const dir = await ensureTestIndex();
console.log(`test index ready in ${((performance.now() - started) / 1000).toFixed(1)} s: ${dir}`);
