/**
 * The Porter stemmer exactly as SQLite's FTS5 `porter` tokenizer applies it
 * (ext/fts5/fts5_tokenize.c), so the query stage can ask "would FTS5 match this word?"
 * without a database round trip.
 *
 * Use it only as a lookup KEY (vocabulary membership, grouping word forms). Never send a
 * stem to MATCH: FTS5 stems the query itself, and a pre-stemmed non-word ("butterfli")
 * would be stemmed again and miss.
 *
 * FTS5 stems the UTF-8 bytes of each already-folded token (lowercase, diacritics removed),
 * treating every non-ASCII byte as a consonant; we do the same on a one-char-per-byte
 * string so lengths and conditions agree byte for byte (checked against SQLite in the test).
 */

/** FTS5_PORTER_MAX_TOKEN: longer tokens (in bytes) pass through unstemmed. */
const MAX_TOKEN_BYTES = 64;
const ASCII = /^\p{ASCII}*$/u;
/** Tokens shorter than this (in bytes) pass through unstemmed. */
const MIN_TOKEN_BYTES = 3;

const isVowel = (c: string, yIsVowel: boolean): boolean =>
  c === 'a' || c === 'e' || c === 'i' || c === 'o' || c === 'u' || (yIsVowel && c === 'y');

/** Index just past the first vowel→consonant transition of `s`, or 0 when there is none. */
function gobbleVC(s: string, prevConsonant: boolean): number {
  let consonant = prevConsonant;
  let i = 0;
  for (; i < s.length; i++) {
    consonant = !isVowel(s[i]!, consonant);
    if (!consonant) break;
  }
  for (i++; i < s.length; i++) {
    consonant = !isVowel(s[i]!, consonant);
    if (consonant) return i + 1;
  }
  return 0;
}

/** m > 0 in Porter's notation: the stem has at least one VC sequence. */
const mGt0 = (stem: string): boolean => gobbleVC(stem, false) > 0;

function mGt1(stem: string): boolean {
  const n = gobbleVC(stem, false);
  return n > 0 && gobbleVC(stem.slice(n), true) > 0;
}

function mEq1(stem: string): boolean {
  const n = gobbleVC(stem, false);
  return n > 0 && gobbleVC(stem.slice(n), true) === 0;
}

/** *o: the stem ends consonant-vowel-consonant, the last not w, x or y. */
function oStar(stem: string): boolean {
  const last = stem[stem.length - 1];
  if (last === 'w' || last === 'x' || last === 'y') return false;
  let mask = 0;
  let consonant = false;
  for (const c of stem) {
    consonant = !isVowel(c, consonant);
    mask = ((mask << 1) | (consonant ? 1 : 0)) & 0x7;
  }
  return mask === 0b101;
}

/** *v*: the stem contains a vowel (y counts after the first letter). */
function hasVowel(stem: string): boolean {
  for (let i = 0; i < stem.length; i++) if (isVowel(stem[i]!, i > 0)) return true;
  return false;
}

type Condition = (stem: string) => boolean;
/** [suffix, condition on the remaining stem, replacement]. */
type Rule = readonly [string, Condition | null, string];

/**
 * Applies the first rule whose suffix matches (FTS5 requires the word to be strictly
 * longer than the suffix); the condition decides whether it rewrites. Returns the new word
 * and the suffix that was rewritten (null when none), for step 1b's follow-up.
 */
function applyFirst(word: string, rules: readonly Rule[]): [string, string | null] {
  for (const [suffix, cond, out] of rules) {
    if (word.length > suffix.length && word.endsWith(suffix)) {
      const stem = word.slice(0, -suffix.length);
      return cond === null || cond(stem) ? [stem + out, suffix] : [word, null];
    }
  }
  return [word, null];
}

const mGt1SorT: Condition = (stem) => (stem.endsWith('s') || stem.endsWith('t')) && mGt1(stem);

// FTS5 dispatches on the second-to-last letter, then tries suffixes in this order; a
// rule list per letter keeps that precedence (e.g. "ement" before "ment" before "ent").
const STEP2: Record<string, readonly Rule[]> = {
  a: [['ational', mGt0, 'ate'], ['tional', mGt0, 'tion']],
  c: [['enci', mGt0, 'ence'], ['anci', mGt0, 'ance']],
  e: [['izer', mGt0, 'ize']],
  g: [['logi', mGt0, 'log']],
  l: [['bli', mGt0, 'ble'], ['alli', mGt0, 'al'], ['entli', mGt0, 'ent'], ['eli', mGt0, 'e'], ['ousli', mGt0, 'ous']],
  o: [['ization', mGt0, 'ize'], ['ation', mGt0, 'ate'], ['ator', mGt0, 'ate']],
  s: [['alism', mGt0, 'al'], ['iveness', mGt0, 'ive'], ['fulness', mGt0, 'ful'], ['ousness', mGt0, 'ous']],
  t: [['aliti', mGt0, 'al'], ['iviti', mGt0, 'ive'], ['biliti', mGt0, 'ble']],
};

const STEP3: Record<string, readonly Rule[]> = {
  a: [['ical', mGt0, 'ic']],
  s: [['ness', mGt0, '']],
  t: [['icate', mGt0, 'ic'], ['iciti', mGt0, 'ic']],
  u: [['ful', mGt0, '']],
  v: [['ative', mGt0, '']],
  z: [['alize', mGt0, 'al']],
};

const STEP4: Record<string, readonly Rule[]> = {
  a: [['al', mGt1, '']],
  c: [['ance', mGt1, ''], ['ence', mGt1, '']],
  e: [['er', mGt1, '']],
  i: [['ic', mGt1, '']],
  l: [['able', mGt1, ''], ['ible', mGt1, '']],
  n: [['ant', mGt1, ''], ['ement', mGt1, ''], ['ment', mGt1, ''], ['ent', mGt1, '']],
  o: [['ion', mGt1SorT, ''], ['ou', mGt1, '']],
  s: [['ism', mGt1, '']],
  t: [['ate', mGt1, ''], ['iti', mGt1, '']],
  u: [['ous', mGt1, '']],
  v: [['ive', mGt1, '']],
  z: [['ize', mGt1, '']],
};

const STEP1B: Record<string, readonly Rule[]> = {
  e: [['eed', mGt0, 'ee'], ['ed', hasVowel, '']],
  n: [['ing', hasVowel, '']],
};

const STEP1B2: Record<string, readonly Rule[]> = {
  a: [['at', null, 'ate']],
  b: [['bl', null, 'ble']],
  i: [['iz', null, 'ize']],
};

const step = (word: string, table: Record<string, readonly Rule[]>): [string, string | null] =>
  applyFirst(word, table[word[word.length - 2] ?? ''] ?? []);

function step1a(w: string): string {
  if (!w.endsWith('s')) return w;
  if (w[w.length - 2] === 'e') {
    const sses = w.length > 4 && w.endsWith('sses');
    const ies = w.length > 3 && w[w.length - 3] === 'i';
    return w.slice(0, sses || ies ? -2 : -1);
  }
  return w[w.length - 2] === 's' ? w : w.slice(0, -1);
}

/** Porter stem of one byte-string token (see the module comment). */
function stemBytes(token: string): string {
  if (token.length > MAX_TOKEN_BYTES || token.length < MIN_TOKEN_BYTES) return token;
  let w = step1a(token);

  // Only "-ed"/"-ing" removal has the follow-up; "-eed" → "-ee" does not (as in FTS5).
  const [afterB, suffixB] = step(w, STEP1B);
  w = afterB;
  if (suffixB === 'ed' || suffixB === 'ing') {
    const [afterB2, suffixB2] = step(w, STEP1B2);
    if (suffixB2 !== null) {
      w = afterB2;
    } else {
      const c = w[w.length - 1]!;
      if (!isVowel(c, false) && c !== 'l' && c !== 's' && c !== 'z' && c === w[w.length - 2]) {
        w = w.slice(0, -1);
      } else if (mEq1(w) && oStar(w)) {
        w += 'e';
      }
    }
  }

  if (w.endsWith('y') && hasVowel(w.slice(0, -1))) w = `${w.slice(0, -1)}i`;

  [w] = step(w, STEP2);
  [w] = step(w, STEP3);
  [w] = step(w, STEP4);

  if (w.endsWith('e')) {
    const stem = w.slice(0, -1);
    if (mGt1(stem) || (mEq1(stem) && !oStar(stem))) w = stem;
  }
  if (w.length > 1 && w.endsWith('ll') && mGt1(w.slice(0, -1))) w = w.slice(0, -1);
  return w;
}

/**
 * The stem FTS5's porter tokenizer stores for `token`. `token` must already be folded the
 * way unicode61 folds (see foldText in ./normalize): lowercase, Latin diacritics removed.
 */
export function porterStem(token: string): string {
  // ASCII is its own byte string; only other text needs the UTF-8 round trip.
  if (ASCII.test(token)) return stemBytes(token);
  const bytes = Buffer.from(token, 'utf8').toString('latin1');
  const stemmed = stemBytes(bytes);
  return stemmed === bytes ? token : Buffer.from(stemmed, 'latin1').toString('utf8');
}
