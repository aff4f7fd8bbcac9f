/**
 * British ↔ American spelling variants ("colour" ↔ "color", "organise" ↔ "organize").
 *
 * Pattern rules apply only to explicit stem lists: a blanket "-ise → -ize" would turn
 * "promise", "wise" and "exercise" into non-words. Variants are used in both directions
 * (the corpus may spell either way), so each rule maps a British form to an American one
 * and back. Inputs are folded lowercase words (see normalize.ts).
 */

/** Whole words (with their common inflections) that no pattern covers. British → American. */
const WORD_PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['grey', 'gray'],
  ['greys', 'grays'],
  ['greyish', 'grayish'],
  ['aeroplane', 'airplane'],
  ['aeroplanes', 'airplanes'],
  ['aluminium', 'aluminum'],
  ['jewellery', 'jewelry'],
  ['jeweller', 'jeweler'],
  ['jewellers', 'jewelers'],
  ['woollen', 'woolen'],
  ['tyre', 'tire'],
  ['tyres', 'tires'],
  ['pyjamas', 'pajamas'],
  ['moustache', 'mustache'],
  ['moustaches', 'mustaches'],
  ['plough', 'plow'],
  ['ploughs', 'plows'],
  ['programme', 'program'],
  ['programmes', 'programs'],
  ['kerb', 'curb'],
  ['manoeuvre', 'maneuver'],
  ['ageing', 'aging'],
  ['artefact', 'artifact'],
  ['artefacts', 'artifacts'],
  ['sceptic', 'skeptic'],
  ['sceptical', 'skeptical'],
  ['cosy', 'cozy'],
  ['mould', 'mold'],
  ['moulds', 'molds'],
  ['omelette', 'omelet'],
  ['omelettes', 'omelets'],
  ['yoghurt', 'yogurt'],
  ['chilli', 'chili'],
  ['chillies', 'chilies'],
  ['sulphur', 'sulfur'],
  ['encyclopaedia', 'encyclopedia'],
  ['anaemia', 'anemia'],
  ['foetus', 'fetus'],
  ['doughnut', 'donut'],
  ['doughnuts', 'donuts'],
  ['axe', 'ax'],
  ['catalogue', 'catalog'],
  ['catalogues', 'catalogs'],
  ['analogue', 'analog'],
  ['defence', 'defense'],
  ['offence', 'offense'],
  ['licence', 'license'],
  ['pretence', 'pretense'],
  ['practise', 'practice'],
  ['speciality', 'specialty'],
  ['maths', 'math'],
  ['analyse', 'analyze'],
  ['analysed', 'analyzed'],
  ['paralyse', 'paralyze'],
];

/** "-our" / "-or": colour, favourite, neighbourhood… (stem + "ur" + ending). */
const OUR_STEMS = [
  'colo', 'flavo', 'favo', 'hono', 'humo', 'labo', 'neighbo', 'harbo', 'behavio', 'rumo',
  'vapo', 'valo', 'armo', 'parlo', 'odo', 'savo', 'splendo', 'tumo', 'endeavo', 'cando',
];
const OUR_ENDINGS = [
  '', 's', 'ed', 'ing', 'ful', 'less', 'ite', 'ites', 'able', 'y', 'ist', 'ists', 'er', 'ers', 'hood', 'hoods',
];

/** "-re" / "-er": centre, theatre, metre… (stem + "re" + s|d ↔ stem + "er" + s|ed). */
const RE_STEMS = [
  'cent', 'theat', 'met', 'kilomet', 'centimet', 'millimet', 'lit', 'millilit', 'fib', 'calib',
  'sab', 'spect', 'lust', 'meag', 'somb', 'sepulch',
];

/** "-ise" / "-ize", only for these stems (stem + "is" + ending). */
const ISE_STEMS = [
  'organ', 'real', 'recogn', 'apolog', 'special', 'categor', 'custom', 'summar', 'minim', 'maxim',
  'optim', 'personal', 'visual', 'symbol', 'memor', 'emphas', 'final', 'critic', 'standard',
  'modern', 'util', 'author', 'character', 'familiar', 'priorit', 'civil', 'colon', 'fertil',
  'general', 'harmon', 'human', 'hypnot', 'ideal', 'immun', 'legal', 'local', 'magnet', 'mobil',
  'neutral', 'normal', 'patron', 'polar', 'popular', 'sanit', 'scandal', 'sensit', 'stabil',
  'steril', 'sympath', 'synchron', 'terror', 'tranquil', 'vandal', 'vocal', 'energ', 'equal',
  'glamor', 'caramel', 'crystal', 'deodor', 'digit', 'fantas', 'industrial', 'motor', 'random',
];
const ISE_ENDINGS = ['e', 'es', 'ed', 'ing', 'er', 'ers', 'ation', 'ations'];

/** British doubles a final "l" before these endings: travelled, labelling, marvellous. */
const LL_STEMS = [
  'travel', 'label', 'model', 'cancel', 'fuel', 'jewel', 'marvel', 'level', 'signal', 'tunnel',
  'quarrel', 'dial', 'duel', 'pedal', 'shovel', 'snorkel', 'total', 'rival', 'channel', 'counsel',
  'panel', 'enamel', 'bevel', 'funnel', 'grovel', 'yodel', 'towel', 'dishevel', 'kennel', 'spiral',
];
const LL_ENDINGS = ['ed', 'ing', 'er', 'ers', 'ous'];

const alternation = (xs: readonly string[]): string => [...xs].sort((a, b) => b.length - a.length).join('|');

const OUR_BRITISH = new RegExp(`^(${alternation(OUR_STEMS)})ur(${alternation(OUR_ENDINGS)})$`, 'u');
const OUR_AMERICAN = new RegExp(`^(${alternation(OUR_STEMS)})r(${alternation(OUR_ENDINGS)})$`, 'u');
const RE_BRITISH = new RegExp(`^(${alternation(RE_STEMS)})re(s|d)?$`, 'u');
const RE_AMERICAN = new RegExp(`^(${alternation(RE_STEMS)})er(s|ed)?$`, 'u');
const ISE_BRITISH = new RegExp(`^(${alternation(ISE_STEMS)})is(${alternation(ISE_ENDINGS)})$`, 'u');
const ISE_AMERICAN = new RegExp(`^(${alternation(ISE_STEMS)})iz(${alternation(ISE_ENDINGS)})$`, 'u');
const LL_BRITISH = new RegExp(`^(${alternation(LL_STEMS)})l(${alternation(LL_ENDINGS)})$`, 'u');
const LL_AMERICAN = new RegExp(`^(${alternation(LL_STEMS)})(${alternation(LL_ENDINGS)})$`, 'u');

const TO_AMERICAN = new Map(WORD_PAIRS);
const TO_BRITISH = new Map(WORD_PAIRS.map(([gb, us]) => [us, gb] as const));

function rewrite(term: string, pattern: RegExp, replace: (stem: string, ending: string) => string): string | null {
  const m = pattern.exec(term);
  return m ? replace(m[1]!, m[2] ?? '') : null;
}

/** The American spelling of a British-spelt word, or null when `term` has no British spelling. */
export function americanSpelling(term: string): string | null {
  return (
    TO_AMERICAN.get(term) ??
    rewrite(term, OUR_BRITISH, (s, e) => `${s}r${e}`) ??
    rewrite(term, RE_BRITISH, (s, e) => `${s}er${e === 'd' ? 'ed' : e}`) ??
    rewrite(term, ISE_BRITISH, (s, e) => `${s}iz${e}`) ??
    rewrite(term, LL_BRITISH, (s, e) => `${s}${e}`)
  );
}

/** The British spelling of an American-spelt word, or null when `term` has no American spelling. */
export function britishSpelling(term: string): string | null {
  return (
    TO_BRITISH.get(term) ??
    rewrite(term, OUR_AMERICAN, (s, e) => `${s}ur${e}`) ??
    rewrite(term, RE_AMERICAN, (s, e) => `${s}re${e === 'ed' ? 'd' : e}`) ??
    rewrite(term, ISE_AMERICAN, (s, e) => `${s}is${e}`) ??
    rewrite(term, LL_AMERICAN, (s, e) => `${s}l${e}`)
  );
}

/** The other regional spelling(s) of `term` (empty when it has none). */
export function spellingVariants(term: string): string[] {
  const out: string[] = [];
  for (const v of [americanSpelling(term), britishSpelling(term)]) {
    if (v !== null && v !== term && !out.includes(v)) out.push(v);
  }
  return out;
}
