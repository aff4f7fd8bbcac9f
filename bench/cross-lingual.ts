/**
 * Cross-lingual retrieval on held-out data: does a query in another language find its pin?
 *
 * Split CLDR by emoji: a fixed fifth of the emoji (FNV-1a of the emoji, mod 5) is held out, and
 * the lexicon of a copy of the OpenMoji test index is rebuilt from the other four fifths only
 * (CLDR, emojibase and FreeDict; FreeDict is not split by emoji, so its words may still cover a
 * held-out name). Queries are the CLDR text-to-speech names of held-out emoji in 20 languages (and
 * English, the baseline); a query succeeds when the emoji's OpenMoji pin is in the top 10.
 * Each language is searched with the lexicon and without it (every query read as English).
 *
 * Also: the zero-result rate of the same non-English queries on the index as shipped (the full
 * lexicon, which did see these emoji) before (no lexicon) and after, on the test index and, when
 * `npm start` has built it (INSPO_DATA_DIR or data/), on the default index (OpenMoji + OpenClipart).
 * Writes bench/results/cross-lingual.json. `tsx bench/cross-lingual.ts`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { indexPath } from '@/server/engine/schema';
import { replaceStoredLexicon } from '@/server/engine/stored-lexicon';
import { readStoredVocabulary } from '@/server/engine/stored-vocabulary';
import { buildLexicon, prepareLexicon } from '@/server/ingest/lexicon/build-lexicon';
import { emojiKey, readCldrAnnotations } from '@/server/ingest/lexicon/emoji-keywords';
import { ensureTestIndex } from '@/server/ingest/test-index';
import { loadLanguageDetector } from '@/server/query/query-context';
import { openSearchService } from '@/server/service/search-service';
import { writeResult } from './lib/results';

const LANGUAGES = ['de', 'es', 'fr', 'it', 'pt', 'nl', 'sv', 'pl', 'cs', 'fi', 'ru', 'uk', 'el', 'tr', 'ja', 'zh', 'ko', 'ar', 'hi', 'da', 'hu', 'th'];
const K = 10;
const HOLD_OUT_MOD = 5;

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (const c of text) {
    h ^= c.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
const heldOut = (emoji: string): boolean => fnv1a(emojiKey(emoji)) % HOLD_OUT_MOD === 0;

const pinIdOf = (emoji: string): string =>
  `om-${[...emojiKey(emoji)].map((c) => c.codePointAt(0)!.toString(16)).join('-')}`;

async function main(): Promise<void> {
  await loadLanguageDetector();
  const dataDir = await ensureTestIndex();
  // A copy of the test index whose lexicon never saw the held-out emoji.
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'inspo-xling-'));
  fs.mkdirSync(path.dirname(indexPath(copy)), { recursive: true });
  for (const f of fs.readdirSync(path.dirname(indexPath(dataDir)))) {
    if (f.includes('.tmp-')) continue;
    fs.copyFileSync(path.join(path.dirname(indexPath(dataDir)), f), path.join(path.dirname(indexPath(copy)), f));
  }
  fs.symlinkSync(path.join(dataDir, 'thumbs'), path.join(copy, 'thumbs'));
  const db = new Database(indexPath(copy));
  const started = performance.now();
  const lexicon = buildLexicon({ vocabulary: readStoredVocabulary(db)!, prepared: prepareLexicon({ holdOut: heldOut }) });
  replaceStoredLexicon(db, lexicon);
  const buildMs = Math.round(performance.now() - started);
  const pinIds = new Set(db.prepare('SELECT id FROM pins').pluck().all() as string[]);
  db.close();

  const cldr = readCldrAnnotations();
  const english = cldr.locales.get('en')!;
  const emoji = [...english.keys()].filter((e) => heldOut(e) && pinIds.has(pinIdOf(e)));

  const withLexicon = openSearchService({ dataDir: copy });
  const withoutLexicon = openSearchService({ dataDir: copy, crossLingual: false });
  const shipped = openSearchService({ dataDir });
  const shippedEnglishOnly = openSearchService({ dataDir, crossLingual: false });
  const defaultDir = path.resolve(process.env.INSPO_DATA_DIR || 'data');
  const hasDefault = fs.existsSync(indexPath(defaultDir));
  const defaultIndex = hasDefault ? openSearchService({ dataDir: defaultDir }) : null;
  const defaultEnglishOnly = hasDefault ? openSearchService({ dataDir: defaultDir, crossLingual: false }) : null;
  const zeroOn = (svc: typeof withLexicon, q: string) =>
    svc.search({ q, refine: [], offset: 0, limit: K }).total === 0;
  const hit = (svc: typeof withLexicon, q: string, id: string) => {
    const r = svc.search({ q, refine: [], offset: 0, limit: K });
    return { found: r.items.some((i) => i.id === id), zero: r.total === 0 };
  };

  const perLanguage: Record<string, unknown> = {};
  let foreignQueries = 0;
  const zero = { before: 0, after: 0, shippedBefore: 0, shippedAfter: 0, defaultBefore: 0, defaultAfter: 0 };
  for (const lang of ['en', ...LANGUAGES]) {
    const names = cldr.locales.get(lang);
    if (!names) continue;
    let n = 0;
    let on = 0;
    let off = 0;
    for (const e of emoji) {
      const q = names.get(e)?.[0];
      if (!q) continue;
      n++;
      const id = pinIdOf(e);
      const a = hit(withLexicon, q, id);
      const b = hit(withoutLexicon, q, id);
      if (a.found) on++;
      if (b.found) off++;
      if (lang !== 'en') {
        foreignQueries++;
        if (a.zero) zero.after++;
        if (b.zero) zero.before++;
        if (hit(shipped, q, id).zero) zero.shippedAfter++;
        if (hit(shippedEnglishOnly, q, id).zero) zero.shippedBefore++;
        if (defaultIndex && zeroOn(defaultIndex, q)) zero.defaultAfter++;
        if (defaultEnglishOnly && zeroOn(defaultEnglishOnly, q)) zero.defaultBefore++;
      }
    }
    perLanguage[lang] = {
      queries: n,
      successAt10: { englishOnly: Number((off / n).toFixed(3)), crossLingual: Number((on / n).toFixed(3)) },
    };
    console.log(lang, n, (off / n).toFixed(3), '→', (on / n).toFixed(3));
  }
  for (const s of [withLexicon, withoutLexicon, shipped, shippedEnglishOnly, defaultIndex, defaultEnglishOnly]) s?.close();
  fs.rmSync(copy, { recursive: true, force: true });
  const rate = (x: number) => Number((x / foreignQueries).toFixed(4));
  const file = writeResult('cross-lingual', {
    description:
      'Cross-lingual retrieval on the OpenMoji test index: CLDR names of held-out emoji (a fifth, by FNV-1a) in 22 languages and English, success@10 of the emoji’s pin with the lexicon built without those emoji vs every query read as English; zero-result rates of the non-English queries.',
    notes: [
      'FreeDict is not split by emoji: its entries may still cover held-out names.',
      'Timings are from a shared 2-core machine.',
    ],
    heldOutEmoji: emoji.length,
    lexicon: { entries: lexicon.rows.length, languages: lexicon.languages, buildMsWithHoldOut: buildMs },
    perLanguage,
    zeroResultRateNonEnglish: {
      heldOutLexicon: { before: rate(zero.before), after: rate(zero.after) },
      shippedIndex: { before: rate(zero.shippedBefore), after: rate(zero.shippedAfter) },
      defaultIndex: hasDefault
        ? { before: rate(zero.defaultBefore), after: rate(zero.defaultAfter), dataDir: path.relative(process.cwd(), defaultDir) || '.' }
        : 'not built here (npm start builds it)',
      queries: foreignQueries,
    },
  });
  console.log(JSON.stringify(zero), foreignQueries, `wrote ${file}`);
}

await main();
