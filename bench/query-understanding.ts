/**
 * Query understanding (src/server/query): does it help, does it hurt, what does it cost?
 * Every query set is drawn from the corpus with a fixed seed; each is searched with the
 * engine as shipped and with `queryUnderstanding: false` (words exactly as typed).
 *
 * Relevance is judged without the engine: a pin is relevant to a query built from corpus
 * word w when w (any FTS5 form of it) is in the pin's title (gain 2) or tags (gain 1).
 *
 * - original:  w itself — expansion must not drown precise queries (NDCG@10 within 1 %);
 * - synonym:   w replaced by a WordNet synonym the corpus never uses ("automobile" for car);
 * - typo:      w with one or two random edits (delete, insert, substitute, transpose);
 * - lemmas:    1,000 single-word WordNet nouns naming concrete things (animals, artifacts,
 *              food, plants, objects, body parts): zero-result rate only (no judgments).
 *
 * Also times the build (vocabulary, spelling index, WordNet) and query understanding itself.
 * Writes bench/results/query-understanding.json. `tsx bench/query-understanding.ts`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openSearchService } from '@/server/service/search-service';
import { indexPath } from '@/server/engine/schema';
import type { SearchEngine } from '@/server/engine/types';
import { ensureTestIndex } from '@/server/ingest/test-index';
import { loadVocabulary } from '@/server/engine/load-vocabulary';
import { readStoredLexicon } from '@/server/engine/stored-lexicon';
import { matchKey, matchTerms } from '@/server/query/normalize';
import { createQueryServices } from '@/server/query/query-context';
import { isStopword } from '@/server/query/stopwords';
import { understandQuery } from '@/server/query/understand';
import { defaultWordNetDir, openWordNet, type WordNet } from '@/server/query/wordnet';
import { writeResult } from './lib/results';
import { seededRandom } from '@/lib/random/seeded-random';
import { median, summarize } from './lib/stats';

const SEED = 20_251_125;
const QUERIES_PER_SET = 300;
const LEMMA_QUERIES = 1000;
const K = 10;
const MIN_WORD_LENGTH = 4;
/** Lexicographer files of concrete, picturable nouns (wndb lexnames). */
const CONCRETE_LEX_FILES = new Set([5, 6, 8, 13, 17, 20]); // animal, artifact, body, food, object, plant
const BUILD_REPEATS = 3;

interface Pin {
  rowid: number;
  id: string;
  titleKeys: Set<string>;
  tagKeys: Set<string>;
}

interface Query {
  q: string;
  /** The corpus word the query stands for (relevance is judged against it). */
  target: string;
}

const keysOf = (text: string) => new Set(matchTerms(text).map(matchKey));

function loadPins(dataDir: string): Pin[] {
  const db = new Database(indexPath(dataDir), { readonly: true, fileMustExist: true });
  const rows = db.prepare('SELECT rowid, id, title, tags FROM pins ORDER BY rowid').all() as {
    rowid: number;
    id: string;
    title: string;
    tags: string;
  }[];
  db.close();
  return rows.map((r) => ({
    rowid: r.rowid,
    id: r.id,
    titleKeys: keysOf(r.title),
    tagKeys: keysOf((JSON.parse(r.tags) as string[]).join(' ')),
  }));
}

function gain(pin: Pin, target: string): number {
  const key = matchKey(target);
  return pin.titleKeys.has(key) ? 2 : pin.tagKeys.has(key) ? 1 : 0;
}

/** NDCG@K with graded gains; the ideal ranking is every relevant pin by gain. */
function ndcg(ranked: readonly Pin[], all: readonly Pin[], target: string): number {
  const dcg = (gains: number[]) => gains.slice(0, K).reduce((sum, g, i) => sum + (2 ** g - 1) / Math.log2(i + 2), 0);
  const ideal = dcg(all.map((p) => gain(p, target)).filter((g) => g > 0).sort((a, b) => b - a));
  return ideal === 0 ? 0 : dcg(ranked.map((p) => gain(p, target))) / ideal;
}

/** Title and tag words of the corpus (not descriptions: those are boilerplate here). */
function corpusWords(dataDir: string): string[] {
  const db = new Database(indexPath(dataDir), { readonly: true, fileMustExist: true });
  const rows = db.prepare('SELECT title, tags FROM pins').all() as { title: string; tags: string }[];
  db.close();
  const words = new Set<string>();
  for (const r of rows) {
    for (const w of matchTerms(`${r.title} ${(JSON.parse(r.tags) as string[]).join(' ')}`)) {
      if (w.length >= MIN_WORD_LENGTH && /^[a-z]+$/u.test(w) && !isStopword(w)) words.add(w);
    }
  }
  return [...words].sort();
}

function sample<T>(list: readonly T[], n: number, random: () => number): T[] {
  const copy = [...list];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, n);
}

function typo(word: string, edits: number, random: () => number): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  let w = word;
  for (let e = 0; e < edits; e++) {
    // Keep the first letter: the speller assumes it (and so do most typists).
    const i = 1 + Math.floor(random() * (w.length - 1));
    const kind = Math.floor(random() * 4);
    const letter = letters[Math.floor(random() * letters.length)]!;
    if (kind === 0 && w.length > 3) w = w.slice(0, i) + w.slice(i + 1);
    else if (kind === 1) w = w.slice(0, i) + letter + w.slice(i);
    else if (kind === 2) w = w.slice(0, i) + letter + w.slice(i + 1);
    else if (i + 1 < w.length) w = w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2);
    else w += letter;
  }
  return w;
}

/** A single-word WordNet synonym of `word`'s first noun sense that the corpus does not use. */
function absentSynonym(wordnet: WordNet, word: string, inCorpus: (t: string) => boolean): string | null {
  const entry = wordnet.lookup(word, 'noun') ?? wordnet.lookup(word, 'adj') ?? wordnet.lookup(word, 'verb');
  const first = entry?.synsets[0];
  if (!entry || first === undefined) return null;
  const synset = wordnet.synset(entry.pos, first);
  return synset.lemmas.find((l) => /^[a-z]+$/u.test(l) && l !== word && !inCorpus(l)) ?? null;
}

/** Single-word nouns whose first (most frequent) sense is concrete, seeded sample. */
function concreteLemmaQueries(wordnet: WordNet, random: () => number): string[] {
  const lemmas: string[] = [];
  for (const line of readFileSync(path.join(defaultWordNetDir(), 'index.noun'), 'latin1').split('\n')) {
    const lemma = line.slice(0, line.indexOf(' '));
    if (!/^[a-z]{3,}$/u.test(lemma)) continue;
    const entry = wordnet.lookup(lemma, 'noun');
    const first = entry?.synsets[0];
    if (first !== undefined && CONCRETE_LEX_FILES.has(wordnet.synset('noun', first).lexFile)) lemmas.push(lemma);
  }
  return sample(lemmas, LEMMA_QUERIES, random);
}

interface SetReport {
  queries: number;
  ndcgAt10: { baseline: number; understood: number; understoodEnglishOnly: number };
  zeroResultRate: { baseline: number; understood: number };
  corrected?: number;
  /** Queries the cross-lingual stage read as another language. */
  translated?: number;
}

function evaluate(queries: readonly Query[], pins: readonly Pin[], on: SearchEngine, off: SearchEngine, english: SearchEngine): SetReport {
  const byId = new Map(pins.map((p) => [p.id, p]));
  const acc = { ndcgOn: 0, ndcgOff: 0, ndcgEnglish: 0, zeroOn: 0, zeroOff: 0, corrected: 0, translated: 0 };
  for (const { q, target } of queries) {
    const a = on.search({ q, refine: [], offset: 0, limit: K });
    const b = off.search({ q, refine: [], offset: 0, limit: K });
    const c = english.search({ q, refine: [], offset: 0, limit: K });
    acc.ndcgEnglish += ndcg(c.items.map((i) => byId.get(i.id)!), pins, target);
    if ((a.query.translations ?? []).length > 0) acc.translated++;
    acc.ndcgOn += ndcg(a.items.map((i) => byId.get(i.id)!), pins, target);
    acc.ndcgOff += ndcg(b.items.map((i) => byId.get(i.id)!), pins, target);
    if (a.total === 0) acc.zeroOn++;
    if (b.total === 0) acc.zeroOff++;
    if (a.query.corrections.length > 0) acc.corrected++;
  }
  const n = Math.max(queries.length, 1);
  const r = (x: number) => Number((x / n).toFixed(4));
  return {
    queries: queries.length,
    // understoodEnglishOnly: the same understanding without the cross-lingual lexicon (same run).
    ndcgAt10: { baseline: r(acc.ndcgOff), understood: r(acc.ndcgOn), understoodEnglishOnly: r(acc.ndcgEnglish) },
    zeroResultRate: { baseline: r(acc.zeroOff), understood: r(acc.zeroOn) },
    corrected: acc.corrected,
    translated: acc.translated,
  };
}

function timeIt<T>(fn: () => T): [T, number] {
  const start = performance.now();
  const value = fn();
  return [value, performance.now() - start];
}

async function main(): Promise<void> {
  const dataDir = await ensureTestIndex();
  const pins = loadPins(dataDir);
  const random = seededRandom(SEED);

  // Build costs (median of a few runs; the first also warms the JIT).
  const db = new Database(indexPath(dataDir), { readonly: true, fileMustExist: true });
  const vocabMs: number[] = [];
  const servicesMs: number[] = [];
  const wordnetMs: number[] = [];
  let vocabulary = loadVocabulary(db);
  for (let i = 0; i < BUILD_REPEATS; i++) {
    const [v, ms] = timeIt(() => loadVocabulary(db));
    vocabulary = v;
    vocabMs.push(ms);
    wordnetMs.push(timeIt(() => openWordNet())[1]);
  }
  const wordnet = openWordNet();
  for (let i = 0; i < BUILD_REPEATS; i++) servicesMs.push(timeIt(() => createQueryServices({ vocabulary, wordnet }))[1]);
  const services = createQueryServices({ vocabulary, wordnet });
  // As the engine builds it: the index's cross-lingual lexicon read by the query stage.
  const servicesLexicon = createQueryServices({ vocabulary, wordnet, lexicon: readStoredLexicon(db) });

  const words = corpusWords(dataDir);
  const inCorpus = (t: string) => services.corpusFrequency(t) > 0;
  const original: Query[] = sample(words, QUERIES_PER_SET, random).map((w) => ({ q: w, target: w }));
  const synonym: Query[] = [];
  for (const w of sample(words, words.length, random)) {
    if (synonym.length >= QUERIES_PER_SET) break;
    const s = absentSynonym(wordnet, w, inCorpus);
    if (s) synonym.push({ q: s, target: w });
  }
  const typo1: Query[] = [];
  const typo2: Query[] = [];
  for (const w of sample(words, words.length, random)) {
    if (typo1.length < QUERIES_PER_SET) {
      const t = typo(w, 1, random);
      if (!services.speller.isKnown(t)) typo1.push({ q: t, target: w });
    }
    if (typo2.length < QUERIES_PER_SET && w.length >= 6) {
      const t = typo(w, 2, random);
      if (!services.speller.isKnown(t)) typo2.push({ q: t, target: w });
    }
  }

  const on = openSearchService({ dataDir });
  const off = openSearchService({ dataDir, queryUnderstanding: false });
  const englishOnly = openSearchService({ dataDir, crossLingual: false });
  on.search({ q: 'warm', refine: [], offset: 0, limit: 1 });

  // Query-understanding latency alone (no retrieval), over every query of every set.
  const allQueries = [...original, ...synonym, ...typo1, ...typo2].map((x) => x.q);
  // Interleaved, so both see the same machine load.
  const understandMs: number[] = [];
  const understandEnglishOnlyMs: number[] = [];
  for (const q of allQueries) {
    understandMs.push(timeIt(() => understandQuery(q, servicesLexicon))[1]);
    understandEnglishOnlyMs.push(timeIt(() => understandQuery(q, services))[1]);
  }
  const searchOnMs = allQueries.map((q) => timeIt(() => on.search({ q, refine: [], offset: 0, limit: 30 }))[1]);
  const searchOffMs = allQueries.map((q) => timeIt(() => off.search({ q, refine: [], offset: 0, limit: 30 }))[1]);

  const lemmas = concreteLemmaQueries(wordnet, random);
  let zeroOn = 0;
  let zeroOff = 0;
  for (const q of lemmas) {
    if (on.search({ q, refine: [], offset: 0, limit: 1 }).total === 0) zeroOn++;
    if (off.search({ q, refine: [], offset: 0, limit: 1 }).total === 0) zeroOff++;
  }

  const sets = {
    original: evaluate(original, pins, on, off, englishOnly),
    synonym: evaluate(synonym, pins, on, off, englishOnly),
    typo1: evaluate(typo1, pins, on, off, englishOnly),
    typo2: evaluate(typo2, pins, on, off, englishOnly),
  };
  on.close();
  off.close();
  englishOnly.close();
  db.close();

  const memory = process.memoryUsage();
  const file = writeResult('query-understanding', {
    description:
      'Query understanding on the openmoji test index: NDCG@10 and zero-result rate with (understood) and without (baseline: words as typed) on seeded query sets built from the corpus, zero-result rate on 1,000 concrete WordNet nouns, and build/latency costs.',
    notes: [
      'Relevance: a pin is relevant to a query built from corpus word w when w (any FTS5 form) is in its title (gain 2) or tags (gain 1).',
      'typo sets keep the first letter (the speller requires it for 2-edit corrections); typo2 uses words of 6+ letters.',
      'Timings are from a shared 2-core machine: compare runs from one machine.',
    ],
    corpus: { pins: pins.length, vocabularyWords: vocabulary.size, spellerStats: services.speller.stats },
    build: {
      vocabularyMs: Number(median(vocabMs).toFixed(1)),
      spellerAndExpanderMs: Number(median(servicesMs).toFixed(1)),
      wordnetOpenMs: Number(median(wordnetMs).toFixed(1)),
      wordnetBytes: wordnet.bytes,
    },
    latencyMs: {
      understand: summarize(understandMs),
      understandEnglishOnly: summarize(understandEnglishOnlyMs),
      searchUnderstood: summarize(searchOnMs),
      searchBaseline: summarize(searchOffMs),
    },
    sets,
    concreteLemmas: {
      queries: lemmas.length,
      zeroResultRate: {
        baseline: Number((zeroOff / lemmas.length).toFixed(4)),
        understood: Number((zeroOn / lemmas.length).toFixed(4)),
      },
    },
    memoryMiB: {
      heapUsed: Math.round(memory.heapUsed / 2 ** 20),
      external: Math.round(memory.external / 2 ** 20),
    },
  });
  console.log(JSON.stringify({ sets, lemmas: { n: lemmas.length, zeroOn, zeroOff } }, null, 2));
  console.log(`wrote ${file}`);
}

await main();
