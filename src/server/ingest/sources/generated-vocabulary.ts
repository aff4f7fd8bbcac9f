/**
 * The words the generated corpus is made of, all available offline: OpenMoji's annotations,
 * keywords and groups (the npm dependency the real corpus already reads) for what a pin shows,
 * and short hand-kept lists of the words people add to a Pinterest search — a style, a colour,
 * a format, an occasion. Every list is in frequency-rank order: the generator draws from it
 * with Zipf-like weights, so the first entries are broad (match many pins) and the last rare.
 */
import fs from 'node:fs';
import path from 'node:path';
import { normalizeTags, splitCommaList } from '../text';
import { openmojiCategory, type OpenmojiEntry } from './openmoji';

/** Styles, most common first. "aesthetic" ends up in about one title in seven. */
export const STYLES = [
  'aesthetic',
  'vintage',
  'minimalist',
  'cute',
  'watercolor',
  'retro',
  'boho',
  'modern',
  'simple',
  'hand drawn',
  'kawaii',
  'rustic',
  'pastel',
  'geometric',
  'cozy',
  'elegant',
  'colorful',
  'dark',
  'neon',
  'floral',
  'scandinavian',
  'doodle',
  'abstract',
  'whimsical',
  'bold',
  'tropical',
  'gothic',
  'art deco',
  'farmhouse',
  'line art',
] as const;

/**
 * What kind of picture it is; every generated pin has one (in its tags, usually in its title
 * too). "art" is the broadest word of the corpus: about 30 % of pins (see docs/generated-corpus.md).
 */
export const FORMATS = [
  'art',
  'illustration',
  'sticker',
  'drawing',
  'wallpaper',
  'icon',
  'print',
  'pattern',
  'poster',
  'tattoo',
  'logo',
  'clipart',
  'painting',
  'decor',
  'card',
  'embroidery',
] as const;

/**
 * Colour words with the colour the pin's placeholder thumbnail is drawn in, so a title's
 * colour and the pin's palette (colour chips) agree. Names outside the chip colours ("gold")
 * map to the nearest chip colour through the palette like any image.
 */
export const COLORS = [
  { word: 'black', hex: '#222222' },
  { word: 'white', hex: '#f4f4ef' },
  { word: 'red', hex: '#d63a3a' },
  { word: 'blue', hex: '#3a6fd6' },
  { word: 'pink', hex: '#f08cb4' },
  { word: 'green', hex: '#4caf50' },
  { word: 'yellow', hex: '#f2d13a' },
  { word: 'purple', hex: '#8e55c9' },
  { word: 'orange', hex: '#f08a2e' },
  { word: 'gray', hex: '#9a9a9a' },
  { word: 'brown', hex: '#8b5a2b' },
  { word: 'gold', hex: '#d4a017' },
] as const;

export const OCCASIONS = [
  'kids',
  'birthday',
  'christmas',
  'wedding',
  'halloween',
  'bedroom',
  'kitchen',
  'summer',
  'teachers',
  'baby shower',
  'valentines day',
  'spring',
] as const;

/** One thing a pin can show: an OpenMoji annotation with its keywords and group. */
export interface Concept {
  /** Lowercase annotation, e.g. "cat face", "japan flag". */
  name: string;
  /** Normalized keywords without the name itself, in OpenMoji's order. */
  tags: readonly string[];
  category: string;
  /** The OpenMoji subgroup slug, e.g. "animal-mammal". */
  subgroup: string;
}

/** 32-bit FNV-1a: a fixed, seed-independent shuffle key for the concept ranking. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * "flag: Côte d’Ivoire" → "côte d’ivoire flag", "kiss: woman, man" → "kiss woman man": lowercase,
 * without the list punctuation that reads oddly inside a longer title.
 */
export function conceptName(annotation: string): string {
  const text = annotation.trim().toLowerCase();
  const flag = /^flag:\s*(.+)$/u.exec(text);
  return (flag ? `${flag[1]} flag` : text).replace(/[:,]/gu, ' ').replace(/\s+/gu, ' ').trim();
}

/**
 * Every OpenMoji emoji and extra (skin-tone variants left out, as in the real source) as a
 * concept, in a fixed pseudo-random rank order (a hash of the hexcode): the most frequent
 * concepts are a mix of groups rather than the first block of Unicode smileys.
 */
export function loadConcepts(openmojiDir: string): Concept[] {
  const entries = JSON.parse(
    fs.readFileSync(path.join(openmojiDir, 'data', 'openmoji.json'), 'utf8'),
  ) as OpenmojiEntry[];
  const ranked: { key: number; hexcode: string; concept: Concept }[] = [];
  for (const entry of entries) {
    if (String(entry.skintone).trim() !== '') continue;
    const name = conceptName(entry.annotation);
    if (!name) continue;
    const tags = normalizeTags([
      ...splitCommaList(entry.tags),
      ...splitCommaList(entry.openmoji_tags),
    ]).filter((t) => t !== name);
    ranked.push({
      key: fnv1a(entry.hexcode),
      hexcode: entry.hexcode,
      concept: { name, tags, category: openmojiCategory(entry), subgroup: entry.subgroups.trim() },
    });
  }
  ranked.sort((a, b) => a.key - b.key || (a.hexcode < b.hexcode ? -1 : 1));
  return ranked.map((r) => r.concept);
}
