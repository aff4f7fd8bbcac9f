/**
 * Node flags the search server runs with (`npm start`, `npm run serve`, the load and scale
 * benchmarks). Plain ESM so scripts/start.mjs can import it before anything is compiled.
 *
 * --max-semi-space-size=128 (MiB; Node 20's default is 16): a first-page search allocates a few
 * megabytes (candidate rows, pins, chips), so with the default young generation a scavenge ran
 * every 3 to 5 searches and paused one of them for 5–10 ms at a million pins — a large part of
 * the search p95. With 8 times the room, a pause every ~40 searches, each no longer (a scavenge
 * costs what survives, not what is collected): 1M-pin search p95 over interleaved runs of
 * bench/corpus-scale.ts, 16 MiB 28.9 ms, 64 MiB 20.1–25.0, 128 MiB 14.5–19.6, 256 MiB 16.7–21.5.
 * Costs up to ~250 MiB more memory at peak.
 * Keep package.json's "serve" script in step (test/scripts/server-node-args.test.ts checks).
 */
export const SERVER_NODE_ARGS = ['--max-semi-space-size=128'];
