/**
 * Bilingual dictionaries into English from Debian's FreeDict packages (`dict-freedict-*-eng`,
 * dictd format under /usr/share/dictd): headword → English translations. Their licences are
 * read from each package's copyright file (GPL-2+/GPL-3+, a few CC-BY-SA-3.0) and stored with
 * the lexicon as provenance; `INSPO_FREEDICT=0` builds the lexicon without them.
 *
 * Only what can be read reliably is kept: single-word headwords, and of each entry's translation
 * lines (the lines that are not notes, examples, cross-references or grammar) the pieces that are
 * one English word once "to " and bracketed labels are removed ("[zool.] dog <n>" → dog).
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

export const FREEDICT_DIR = '/usr/share/dictd';

export interface Dictionary {
  /** BCP 47 base language of the headwords. */
  lang: string;
  name: string;
  version: string;
  licence: string;
  /** Headword (as the index files it) → English words, in the dictionary's order. */
  entries: Map<string, Translation[]>;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const decode64 = (s: string): number => {
  let n = 0;
  for (const c of s) n = n * 64 + B64.indexOf(c);
  return n;
};

const SKIP_LINE = /^(see:|note:|synonyms?:|antonyms?:|"|\(|\{|\d+\.\s*\()/iu;
const BRACKETS = /\[[^\]]*\]|<[^>]*>|\([^)]*\)|\{[^}]*\}/gu;
const LEADING = /^(\d+\.\s*|to |a |an |the )+/iu;
const ONE_WORD = /^[a-z][a-z'-]*$/u;

/** An English translation and whether it leads its line (the sense's main word) or follows. */
export interface Translation {
  word: string;
  leads: boolean;
}

/** The English one-word translations in an entry's text (first line: the headword). */
export function translationsOf(body: string): Translation[] {
  const out: Translation[] = [];
  const lines = body.split('\n').slice(1);
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '' || SKIP_LINE.test(line) || raw.startsWith('      ')) continue;
    line
      .replace(BRACKETS, ' ')
      .split(/[,;]/u)
      .forEach((piece, i) => {
        const word = piece.trim().replace(LEADING, '').trim().toLowerCase();
        if (!ONE_WORD.test(word)) return;
        const known = out.find((t) => t.word === word);
        if (known) known.leads ||= i === 0;
        else out.push({ word, leads: i === 0 });
      });
  }
  return out;
}

function licenceOf(pkg: string): string {
  try {
    const text = fs.readFileSync(`/usr/share/doc/${pkg}/copyright`, 'utf8');
    const found = [...text.matchAll(/^License:\s*(\S+)/gmu)].map((m) => m[1]!);
    return [...new Set(found)].join(' AND ') || 'unknown';
  } catch {
    return 'unknown';
  }
}

/** The `freedict-<xxx>-eng` dictionaries installed under `dir`, with their sizes (a fingerprint). */
export function listFreeDicts(dir: string = FREEDICT_DIR): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => /^freedict-[a-z]{3}-eng\.dict\.dz$/u.test(f))
    .sort()
    .map((f) => `${f}:${fs.statSync(path.join(dir, f)).size}`);
}

/** Every `freedict-<xxx>-eng` dictionary under `dir` (none when FreeDict is not installed). */
export function readFreeDicts(dir: string = FREEDICT_DIR): Dictionary[] {
  if (!fs.existsSync(dir)) return [];
  const out: Dictionary[] = [];
  for (const file of fs.readdirSync(dir).sort()) {
    const m = /^freedict-([a-z]{3})-eng\.index$/u.exec(file);
    if (!m) continue;
    const code = m[1]!;
    let lang: string;
    try {
      lang = Intl.getCanonicalLocales(code)[0]!.split('-')[0]!;
    } catch {
      continue;
    }
    const dictFile = path.join(dir, `freedict-${code}-eng.dict.dz`);
    if (!fs.existsSync(dictFile)) continue;
    const body = zlib.gunzipSync(fs.readFileSync(dictFile));
    const entries = new Map<string, Translation[]>();
    let version = '';
    for (const line of fs.readFileSync(path.join(dir, file), 'utf8').split('\n')) {
      const [head, off, len] = line.split('\t');
      if (!head || !off || !len) continue;
      const text = body.subarray(decode64(off), decode64(off) + decode64(len)).toString('utf8');
      if (head.startsWith('00-database')) {
        if (head === '00-database-info') version = /Edition:\s*(\S+)/u.exec(text)?.[1] ?? '';
        continue;
      }
      if (/\s/u.test(head.trim()) || head.length > 40) continue;
      const words = translationsOf(text);
      if (words.length === 0) continue;
      const list = entries.get(head) ?? [];
      for (const t of words) {
        const known = list.find((k) => k.word === t.word);
        if (known) known.leads ||= t.leads;
        else list.push(t);
      }
      entries.set(head, list);
    }
    const pkg = `dict-freedict-${code}-eng`;
    out.push({ lang, name: `FreeDict ${code}-eng`, version, licence: licenceOf(pkg), entries });
  }
  return out;
}
