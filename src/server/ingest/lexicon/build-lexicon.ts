/**
 * The cross-lingual lexicon, built at index time against the index's own English vocabulary:
 * emoji-aligned words from CLDR annotations and emojibase (align.ts), and FreeDict's bilingual
 * dictionaries where installed (freedict.ts). Stored in the index with provenance
 * (engine/stored-lexicon.ts); read by the query stage (query/cross-lingual.ts).
 *
 * Weights: an aligned pair's dice; a FreeDict translation 0.5 when it leads its sense's line
 * (following ones are left out: Hund → "mine car, tub" is a sense of Hund too); a pair two
 * sources give gets the larger plus AGREEMENT_BONUS. `holdOut` leaves emoji out of the alignment
 * (benchmarks measure on the emoji they were not built from).
 *
 * Two stages, because the first is slow (reading 170 CLDR locales, 30 dictionaries and aligning
 * 140 languages: tens of seconds) and independent of the corpus: `prepareLexicon` aligns
 * everything into candidate translations, cached on disk by input version
 * (node_modules/.cache/inspo/lexicon-*.json); `buildLexicon` keeps those whose English word the
 * index uses (a second or two).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LexiconRow, LexiconSourceInfo } from '@/server/engine/stored-lexicon';
import { lexiconKey } from '@/server/query/lexicon';
import { matchKey } from '@/server/query/normalize';
import { alignLanguage, englishIndex, englishNames } from './align';
import { readCldrAnnotations, readEmojibase, type KeywordSource } from './emoji-keywords';
import { listFreeDicts, readFreeDicts, type Dictionary } from './freedict';

const ENGLISH = 'en';
/** Bump when alignment or weights change: the index fingerprint includes it (lexiconVersion). */
const LEXICON_CODE_VERSION = 5;
const FREEDICT_LEAD_WEIGHT = 0.5;
const AGREEMENT_BONUS = 0.2;
/**
 * Languages only one source knows (most CLDR-only locales) are attested more thinly: their
 * weights are scaled by this, so on their own they never beat an English spelling correction
 * (query/cross-lingual.ts STRONG_READING), though they still translate words nothing else reads.
 */
const SINGLE_SOURCE_FACTOR = 0.5;
/** Translations kept per (word, language) in the index: the best and a runner-up. */
const MAX_TARGETS = 2;
/** Candidates kept per (word, language) before the vocabulary is known. */
const MAX_CANDIDATES = 4;

/** Where a bilingual dictionary source points (keyword sources name their own site). */
const DICTIONARY_URL = 'https://freedict.org/';
/** Whether a source is a bilingual dictionary (FreeDict) rather than emoji keywords aligned. */
export const isDictionarySource = (source: LexiconSourceInfo): boolean => source.url === DICTIONARY_URL;

export interface LexiconBuild {
  rows: LexiconRow[];
  sources: LexiconSourceInfo[];
  languages: number;
  ms: number;
}

export interface LexiconInputs {
  keywordSources: KeywordSource[];
  dictionaries: Dictionary[];
}

/** The real data sets: CLDR, emojibase, and FreeDict unless INSPO_FREEDICT=0. */
export function readLexiconInputs({ freedict = process.env.INSPO_FREEDICT !== '0' } = {}): LexiconInputs {
  return {
    keywordSources: [readCldrAnnotations(), readEmojibase()],
    dictionaries: freedict ? readFreeDicts() : [],
  };
}

/** Identifies the lexicon's code and inputs for the index fingerprint (FreeDict files are optional). */
export function lexiconVersion(): string {
  const dicts = process.env.INSPO_FREEDICT === '0' ? [] : listFreeDicts();
  return JSON.stringify([LEXICON_CODE_VERSION, dicts]);
}

/** Candidate rows before the corpus is known: [key, lang, target, weight, word, source ids]. */
type CandidateRow = [string, string, string, number, string, string];

export interface PreparedLexicon {
  version: string;
  sources: LexiconSourceInfo[];
  languages: string[];
  rows: CandidateRow[];
}

/** Aligns every source into candidate translations (the slow, corpus-independent stage). */
export function prepareLexicon({
  inputs = readLexiconInputs(),
  holdOut = () => false,
}: { inputs?: LexiconInputs; holdOut?: (emoji: string) => boolean } = {}): PreparedLexicon {
  const keep = (emoji: string) => !holdOut(emoji);
  const { keywordSources, dictionaries } = inputs;
  const sources: LexiconSourceInfo[] = [];
  const idOf = new Map<string, number>();
  for (const s of [...keywordSources, ...dictionaries]) {
    const id = sources.length + 1;
    idOf.set(s.name, id);
    sources.push({ id, name: s.name, version: s.version, licence: s.licence, url: 'url' in s ? s.url : DICTIONARY_URL, entries: 0 });
  }
  const rows = new Map<string, { key: string; lang: string; target: string; weight: number; word: string; ids: number[] }>();
  const put = (r: { key: string; lang: string; target: string; weight: number; word: string }, ids: readonly number[]) => {
    const rowId = `${r.key}\u0000${r.lang}\u0000${r.target}`;
    const known = rows.get(rowId);
    if (!known) rows.set(rowId, { ...r, ids: [...ids] });
    else {
      const fresh = ids.filter((i) => !known.ids.includes(i));
      known.weight = Math.min(1, Math.max(known.weight, r.weight) + (fresh.length > 0 ? AGREEMENT_BONUS : 0));
      known.ids = [...known.ids, ...fresh].sort((a, b) => a - b);
    }
  };

  const englishSources = keywordSources.flatMap((s) => (s.locales.has(ENGLISH) ? [s.locales.get(ENGLISH)!] : []));
  const english = englishIndex(englishSources, keep);
  const names = englishNames(englishSources);
  const languages = new Set<string>();
  for (const s of keywordSources) for (const l of s.locales.keys()) if (l !== ENGLISH) languages.add(l);
  for (const lang of [...languages].sort()) {
    const present = keywordSources.filter((s) => s.locales.has(lang));
    const foreign = present.map((s) => s.locales.get(lang)!);
    const ids = present.map((s) => idOf.get(s.name)!);
    const { translations, stopwords } = alignLanguage({ foreign, english, names, keep, maxTargets: MAX_CANDIDATES });
    for (const t of translations) put({ key: t.key, lang, target: t.target, weight: t.weight, word: t.word }, ids);
    for (const s of stopwords) put({ key: s.key, lang, target: '', weight: 1, word: s.word }, ids);
  }
  for (const d of dictionaries) {
    languages.add(d.lang);
    const id = idOf.get(d.name)!;
    for (const [head, translations] of d.entries) {
      // A headword's leading translations only (its main senses).
      const leads = translations.filter((t) => t.leads).slice(0, MAX_CANDIDATES);
      if (leads.length === 0) continue;
      const key = lexiconKey(head);
      if (key === '' || /\p{N}/u.test(key)) continue;
      for (const t of leads) {
        if (t.word !== key) put({ key, lang: d.lang, target: t.word, weight: FREEDICT_LEAD_WEIGHT, word: head }, [id]);
      }
    }
  }
  // Languages only one source knows are attested more thinly (SINGLE_SOURCE_FACTOR).
  const sourcesOf = new Map<string, Set<number>>();
  for (const r of rows.values()) {
    let set = sourcesOf.get(r.lang);
    if (!set) sourcesOf.set(r.lang, (set = new Set()));
    for (const i of r.ids) set.add(i);
  }
  const out: CandidateRow[] = [];
  for (const r of rows.values()) {
    const thin = r.target !== '' && sourcesOf.get(r.lang)!.size < 2;
    out.push([r.key, r.lang, r.target, thin ? r.weight * SINGLE_SOURCE_FACTOR : r.weight, r.word, r.ids.join(',')]);
  }
  return { version: lexiconVersion(), sources, languages: [...languages].sort(), rows: out };
}

const CACHE_DIR = fileURLToPath(new URL('../../../../node_modules/.cache/inspo', import.meta.url));

/** prepareLexicon() of the installed data, from the on-disk cache when its version matches. */
export function cachedPreparedLexicon({ cacheDir = CACHE_DIR } = {}): PreparedLexicon {
  const version = lexiconVersion();
  const file = path.join(cacheDir, `lexicon-${createHash('sha256').update(version).digest('hex').slice(0, 12)}.json`);
  try {
    const cached = JSON.parse(fs.readFileSync(file, 'utf8')) as PreparedLexicon;
    if (cached.version === version) return cached;
  } catch {
    // missing or unreadable: prepare it
  }
  const prepared = prepareLexicon();
  fs.mkdirSync(cacheDir, { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, JSON.stringify(prepared));
  fs.renameSync(tmp, file);
  return prepared;
}

/** Languages only one source attests (their words keep their best translation only). */
export function thinLanguages(prepared: PreparedLexicon): Set<string> {
  const ids = new Map<string, Set<string>>();
  for (const [, lang, , , , srcs] of prepared.rows) {
    let set = ids.get(lang);
    if (!set) ids.set(lang, (set = new Set()));
    for (const i of srcs.split(',')) set.add(i);
  }
  const thin = new Set<string>();
  for (const [lang, set] of ids) if (set.size < 2) thin.add(lang);
  return thin;
}

/**
 * The lexicon of an index: candidate translations into words the index uses (FTS5 match keys),
 * at most MAX_TARGETS per word and language (thinly attested languages: their best only).
 */
export function buildLexicon({
  vocabulary,
  prepared = cachedPreparedLexicon(),
}: {
  /** The index's English vocabulary (folded word → pins). */
  vocabulary: ReadonlyMap<string, number>;
  prepared?: PreparedLexicon;
}): LexiconBuild {
  const started = performance.now();
  const keys = new Set<string>();
  for (const [w, pins] of vocabulary) if (pins > 0) keys.add(matchKey(w));
  const targetMemo = new Map<string, boolean>();
  const isTarget = (w: string) => {
    let yes = targetMemo.get(w);
    if (yes === undefined) targetMemo.set(w, (yes = keys.has(matchKey(w))));
    return yes;
  };
  const thin = thinLanguages(prepared);
  const groups = new Map<string, LexiconRow[]>();
  const rows: LexiconRow[] = [];
  for (const [key, lang, target, weight, word, srcs] of prepared.rows) {
    const row = { key, lang, target, weight, word, sources: srcs };
    if (target === '') {
      rows.push(row);
      continue;
    }
    if (!isTarget(target)) continue;
    const id = `${key}\u0000${lang}`;
    const list = groups.get(id);
    if (list) list.push(row);
    else groups.set(id, [row]);
  }
  for (const [id, list] of groups) {
    const lang = id.slice(id.indexOf('\u0000') + 1);
    list.sort((a, b) => b.weight - a.weight || a.target.localeCompare(b.target));
    rows.push(...list.slice(0, thin.has(lang) ? 1 : MAX_TARGETS));
  }
  rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const counts = new Map<number, number>();
  for (const r of rows) for (const i of r.sources.split(',')) counts.set(Number(i), (counts.get(Number(i)) ?? 0) + 1);
  const sources = prepared.sources.map((s) => ({ ...s, entries: counts.get(s.id) ?? 0 }));
  return { rows, sources, languages: prepared.languages.length, ms: Math.round(performance.now() - started) };
}
