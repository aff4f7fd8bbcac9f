/**
 * What the cross-lingual stage costs English searches, measured side by side on a loaded,
 * shared machine (ratios, not absolute times; the load average is recorded):
 *
 * - understanding time per query, with the index's lexicon vs without (the same code with
 *   `lexicon: null`, i.e. the English-only stage), alternating, REPEATS runs of each per query:
 *   the minimum of a query's runs is its cost without the machine's noise (other processes,
 *   scheduling), and p50/p95 are taken over those per-query minima;
 * - server start: the real server (src/server/main.ts) of this checkout and of an older one
 *   (`--old <dir>`, e.g. a worktree of the commit before the lexicon), started alternately on
 *   the same test index until /api/health answers; median and the ratio new/old.
 *
 * English NDCG is bench/query-understanding.ts's (understood vs understoodEnglishOnly, same run).
 * Writes bench/results/cross-lingual-cost.json. `tsx bench/cross-lingual-cost.ts [--old DIR]`.
 */
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { indexPath } from '@/server/engine/schema';
import { loadVocabulary } from '@/server/engine/load-vocabulary';
import { readStoredLexicon } from '@/server/engine/stored-lexicon';
import { ensureTestIndex } from '@/server/ingest/test-index';
import { matchTerms } from '@/server/query/normalize';
import { createQueryServices } from '@/server/query/query-context';
import { understandQuery } from '@/server/query/understand';
import { openWordNet } from '@/server/query/wordnet';
import { seededRandom } from '@/lib/random/seeded-random';
import { writeResult } from './lib/results';
import { timeServerStart } from './lib/server-start';
import { median, summarize } from './lib/stats';

const SEED = 20_261_207;
const QUERIES = 600;
const REPEATS = 15;
const STARTS = 5;

const argOld = process.argv.indexOf('--old');
const OLD_DIR = argOld > 0 ? path.resolve(process.argv[argOld + 1]!) : null;
const NEW_DIR = process.cwd();

/** English queries: corpus words, half of them with one random edit (a typo). */
function englishQueries(db: Database.Database): string[] {
  const words = new Set<string>();
  for (const { title } of db.prepare('SELECT title FROM pins').all() as { title: string }[])
    for (const w of matchTerms(title)) if (/^[a-z]{4,}$/.test(w)) words.add(w);
  const random = seededRandom(SEED);
  const list = [...words].sort();
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  return Array.from({ length: QUERIES }, (_, i) => {
    const w = list[Math.floor(random() * list.length)]!;
    if (i % 2 === 0) return w;
    const at = 1 + Math.floor(random() * (w.length - 1));
    return w.slice(0, at) + letters[Math.floor(random() * 26)] + w.slice(at + 1);
  });
}

function time(fn: () => unknown): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

function understandingCost(dataDir: string) {
  const db = new Database(indexPath(dataDir), { readonly: true, fileMustExist: true });
  const vocabulary = loadVocabulary(db);
  const wordnet = openWordNet();
  const english = createQueryServices({ vocabulary, wordnet });
  const lexicon = createQueryServices({ vocabulary, wordnet, lexicon: readStoredLexicon(db) });
  const queries = englishQueries(db);
  const minEnglish: number[] = [];
  const minLexicon: number[] = [];
  const minLexiconCold: number[] = [];
  let translated = 0;
  for (const q of queries) {
    let a = Infinity;
    let b = Infinity;
    let c = Infinity;
    for (let r = 0; r < REPEATS; r++) {
      // Cold: a lexicon without its lookup cache, so each run reads the index (a query not seen
      // in the last 4,096 keys); warm: the cache holds the query's words (a repeated query).
      const cold = { ...lexicon, lexicon: readStoredLexicon(db) };
      a = Math.min(a, time(() => understandQuery(q, english)));
      b = Math.min(b, time(() => understandQuery(q, lexicon)));
      c = Math.min(c, time(() => understandQuery(q, cold)));
    }
    minEnglish.push(a);
    minLexicon.push(b);
    minLexiconCold.push(c);
    if ((understandQuery(q, lexicon).translations ?? []).length > 0) translated++;
  }
  db.close(); // the lexicon reads its entries from the index as queries need them
  const e = summarize(minEnglish);
  const l = summarize(minLexicon);
  const lc = summarize(minLexiconCold);
  return {
    queries: queries.length,
    repeatsPerQuery: REPEATS,
    translatedQueries: translated,
    englishOnlyMs: e,
    withLexiconMs: l,
    withLexiconColdMs: lc,
    p95GrowthMs: Number((l.p95 - e.p95).toFixed(3)),
    p50GrowthMs: Number((l.p50 - e.p50).toFixed(3)),
    p95GrowthColdMs: Number((lc.p95 - e.p95).toFixed(3)),
    p50GrowthColdMs: Number((lc.p50 - e.p50).toFixed(3)),
  };
}

async function main(): Promise<void> {
  const dataDir = await ensureTestIndex();
  const loadBefore = os.loadavg();
  const understanding = understandingCost(dataDir);
  console.log('understanding', JSON.stringify(understanding));
  let serverStart: Record<string, unknown> | null = null;
  if (OLD_DIR) {
    const oldMs: number[] = [];
    const newMs: number[] = [];
    for (let i = 0; i < STARTS; i++) {
      // Alternating, old first then new first, so neither always gets the warmer page cache.
      const order = i % 2 === 0 ? ['old', 'new'] : ['new', 'old'];
      for (const which of order) {
        // A start that fails (a port taken meanwhile, the machine out of memory) is tried again.
        const dir = which === 'old' ? OLD_DIR : NEW_DIR;
        const ms = await timeServerStart(dir, dataDir).catch(() => timeServerStart(dir, dataDir));
        (which === 'old' ? oldMs : newMs).push(Math.round(ms));
      }
    }
    serverStart = {
      oldCheckout: path.basename(OLD_DIR),
      oldMs,
      newMs,
      medianRatio: Number((median(newMs) / median(oldMs)).toFixed(3)),
    };
    console.log('server start', JSON.stringify(serverStart));
  }
  const file = writeResult('cross-lingual-cost', {
    description:
      'What the cross-lingual stage costs English queries on the openmoji test index, side by side in one run on a shared machine: understanding time per query (minimum of repeated alternating runs, with vs without the lexicon) and server start (this checkout vs an older one, alternating).',
    loadAverage: { before: loadBefore.map((x) => Number(x.toFixed(2))), after: os.loadavg().map((x) => Number(x.toFixed(2))) },
    cpus: os.cpus().length,
    understanding,
    serverStart,
  });
  console.log(`wrote ${file}`);
}

await main();
