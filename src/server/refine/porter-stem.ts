/**
 * Porter's stemmer (M.F. Porter, 1980, as in his reference C implementation, which is what
 * SQLite's FTS5 `porter` tokenizer implements). Refinement mining stems with the same rules
 * the index does, so "smiling" and "smile" merge into one chip exactly when the engine would
 * treat them as the same term, and a chip's count is what the refined query really keeps.
 *
 * Like FTS5, tokens shorter than 3 or longer than 64 bytes pass through unchanged. Input is
 * expected lowercased (FTS5 stems after case folding).
 */

const MIN_STEM_BYTES = 3;
const MAX_STEM_BYTES = 64;

/** UTF-8 length without allocating: FTS5 limits stemming by bytes, not characters. */
function utf8Length(s: string): number {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    // A surrogate pair is one 4-byte character: count 2 per half.
    else if (code >= 0xd800 && code <= 0xdfff) bytes += 2;
    else bytes += 3;
  }
  return bytes;
}

/** Suffix rules of one step: the first suffix that matches is the only one considered. */
type Rule = readonly [suffix: string, replacement: string];

const STEP2: readonly Rule[] = [
  ['ational', 'ate'],
  ['tional', 'tion'],
  ['enci', 'ence'],
  ['anci', 'ance'],
  ['izer', 'ize'],
  ['bli', 'ble'],
  ['alli', 'al'],
  ['entli', 'ent'],
  ['eli', 'e'],
  ['ousli', 'ous'],
  ['ization', 'ize'],
  ['ation', 'ate'],
  ['ator', 'ate'],
  ['alism', 'al'],
  ['iveness', 'ive'],
  ['fulness', 'ful'],
  ['ousness', 'ous'],
  ['aliti', 'al'],
  ['iviti', 'ive'],
  ['biliti', 'ble'],
  ['logi', 'log'],
];

const STEP3: readonly Rule[] = [
  ['icate', 'ic'],
  ['ative', ''],
  ['alize', 'al'],
  ['iciti', 'ic'],
  ['ical', 'ic'],
  ['ful', ''],
  ['ness', ''],
];

/** Longer suffixes before the shorter ones they end with ("ement" before "ment" before "ent"). */
const STEP4 = [
  'al',
  'ance',
  'ence',
  'er',
  'ic',
  'able',
  'ible',
  'ant',
  'ement',
  'ment',
  'ent',
  'ion',
  'ou',
  'ism',
  'ate',
  'iti',
  'ous',
  'ive',
  'ize',
] as const;

function isConsonant(word: string, i: number): boolean {
  const c = word[i];
  if (c === 'a' || c === 'e' || c === 'i' || c === 'o' || c === 'u') return false;
  // "y" is a vowel after a consonant ("happy"), a consonant at the start or after a vowel ("yes", "toy").
  if (c === 'y') return i === 0 ? true : !isConsonant(word, i - 1);
  return true;
}

/** m in Porter's notation: the number of vowel-consonant sequences in `stem`. */
function measure(stem: string): number {
  let m = 0;
  let i = 0;
  const n = stem.length;
  while (i < n && isConsonant(stem, i)) i++;
  while (i < n) {
    while (i < n && !isConsonant(stem, i)) i++;
    if (i >= n) break;
    while (i < n && isConsonant(stem, i)) i++;
    m++;
  }
  return m;
}

function hasVowel(stem: string): boolean {
  for (let i = 0; i < stem.length; i++) if (!isConsonant(stem, i)) return true;
  return false;
}

function endsWithDoubleConsonant(stem: string): boolean {
  const n = stem.length;
  return n >= 2 && stem[n - 1] === stem[n - 2] && isConsonant(stem, n - 1);
}

/** *o: the stem ends consonant-vowel-consonant, the last consonant not w, x or y ("hop", not "snow"). */
function endsCvc(stem: string): boolean {
  const n = stem.length;
  if (n < 3) return false;
  const last = stem[n - 1];
  if (last === 'w' || last === 'x' || last === 'y') return false;
  return isConsonant(stem, n - 1) && !isConsonant(stem, n - 2) && isConsonant(stem, n - 3);
}

function applyRules(word: string, rules: readonly Rule[]): string {
  for (const [suffix, replacement] of rules) {
    if (word.length > suffix.length && word.endsWith(suffix)) {
      const stem = word.slice(0, -suffix.length);
      return measure(stem) > 0 ? stem + replacement : word;
    }
  }
  return word;
}

function step1a(w: string): string {
  if (!w.endsWith('s')) return w;
  if (w.endsWith('sses') && w.length > 4) return w.slice(0, -2);
  if (w.endsWith('ies') && w.length > 3) return w.slice(0, -2);
  if (w.endsWith('ss')) return w;
  return w.slice(0, -1);
}

function step1b(w: string): string {
  if (w.endsWith('eed') && w.length > 3) {
    return measure(w.slice(0, -3)) > 0 ? w.slice(0, -1) : w;
  }
  let stem: string | null = null;
  if (w.endsWith('ed') && hasVowel(w.slice(0, -2))) stem = w.slice(0, -2);
  else if (w.endsWith('ing') && hasVowel(w.slice(0, -3))) stem = w.slice(0, -3);
  if (stem === null) return w;
  if (stem.endsWith('at') || stem.endsWith('bl') || stem.endsWith('iz')) return `${stem}e`;
  if (endsWithDoubleConsonant(stem) && !/[lsz]$/u.test(stem)) return stem.slice(0, -1);
  if (measure(stem) === 1 && endsCvc(stem)) return `${stem}e`;
  return stem;
}

function step1c(w: string): string {
  return w.endsWith('y') && hasVowel(w.slice(0, -1)) ? `${w.slice(0, -1)}i` : w;
}

function step4(w: string): string {
  for (const suffix of STEP4) {
    if (w.length > suffix.length && w.endsWith(suffix)) {
      const stem = w.slice(0, -suffix.length);
      if (measure(stem) <= 1) return w;
      if (suffix === 'ion' && !/[st]$/u.test(stem)) return w;
      return stem;
    }
  }
  return w;
}

/** Step 5b runs on the result of 5a, as in FTS5 (Porter's C checks the pre-5a word). */
function step5(w: string): string {
  let out = w;
  if (out.endsWith('e')) {
    const stem = out.slice(0, -1);
    const m = measure(stem);
    if (m > 1 || (m === 1 && !endsCvc(stem))) out = stem;
  }
  if (out.endsWith('ll') && measure(out.slice(0, -1)) > 1) out = out.slice(0, -1);
  return out;
}

export function porterStem(word: string): string {
  const bytes = utf8Length(word);
  if (bytes < MIN_STEM_BYTES || bytes > MAX_STEM_BYTES) return word;
  let w = step1a(word);
  w = step1b(w);
  w = step1c(w);
  w = applyRules(w, STEP2);
  w = applyRules(w, STEP3);
  w = step4(w);
  return step5(w);
}
