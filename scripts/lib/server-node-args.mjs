/**
 * Node flags the search server runs with (`npm start`, `npm run serve`, the load and scale
 * benchmarks). Plain ESM so scripts/start.mjs can import it before anything is compiled.
 *
 * --max-semi-space-size=64 (MiB; Node 20's default is 16): a first-page search allocates a few
 * megabytes (candidate rows, pins, chips), so with the default young generation a scavenge ran
 * every 3 to 5 searches and paused one of them for ~5 ms at a million pins — a large part of the
 * search p95. Four times the room means a quarter of the pauses, each no longer (a scavenge
 * costs what survives, not what is collected). Costs up to ~100 MiB more memory at peak.
 * Keep package.json's "serve" script in step (test/scripts/server-node-args.test.ts checks).
 */
export const SERVER_NODE_ARGS = ['--max-semi-space-size=64'];
