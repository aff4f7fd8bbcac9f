/**
 * OpenMoji (npm package `openmoji`): data/openmoji.json + color/svg/<HEXCODE>.svg.
 * Skin-tone variants are left out: they would fill result pages with five copies of one emoji.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { PinDraft, SourceItem, SourceScan } from '../types';
import { openmojiPopularity } from '../popularity';
import { capitalize, humanizeSlug, normalizeTags, splitCommaList } from '../text';

export const OPENMOJI_LICENSE = {
  name: 'CC BY-SA 4.0',
  url: 'https://creativecommons.org/licenses/by-sa/4.0/',
};

/** The fields of an openmoji.json entry we read. */
export interface OpenmojiEntry {
  hexcode: string;
  group: string;
  subgroups: string;
  annotation: string;
  tags: string;
  openmoji_tags: string;
  openmoji_author: string;
  skintone: string | number;
  /** Emoji version the emoji appeared in (number or numeric string); '' for OpenMoji's own extras. */
  unicode: string | number;
}

/** Unicode emoji groups, and OpenMoji extras' subgroups, as the categories people browse by. */
const CATEGORY_BY_SLUG: Record<string, string> = {
  'smileys-emotion': 'Smileys & emotion',
  'people-body': 'People & body',
  people: 'People & body',
  component: 'Components',
  'animals-nature': 'Animals & nature',
  gardening: 'Animals & nature',
  'food-drink': 'Food & drink',
  'travel-places': 'Travel & places',
  activities: 'Activities',
  objects: 'Objects',
  symbols: 'Symbols',
  'symbol-other': 'Symbols',
  'queer-symbols': 'Symbols',
  'regional-indicator': 'Symbols',
  flags: 'Flags',
  'subdivision-flag': 'Flags',
  brand: 'Brands',
  'climate-environment': 'Climate & environment',
  emergency: 'Emergency',
  healthcare: 'Healthcare',
  interaction: 'Interface',
  'ui-element': 'Interface',
  technology: 'Technology',
};

const isExtrasGroup = (group: string): boolean => group.startsWith('extras-');

export function openmojiCategory(entry: Pick<OpenmojiEntry, 'group' | 'subgroups'>): string {
  // Extras groups ("extras-openmoji") say nothing about the picture; their subgroup does.
  const slug = isExtrasGroup(entry.group) ? entry.subgroups : entry.group;
  return CATEGORY_BY_SLUG[slug] ?? humanizeSlug(slug);
}

export function parseEmojiVersion(value: string | number): number | null {
  const n = typeof value === 'number' ? value : Number.parseFloat(value);
  return Number.isFinite(n) && n > 0 ? n : null;
}

export function openmojiDraft(entry: OpenmojiEntry): PinDraft {
  const subgroup = entry.subgroups.trim();
  const tags = normalizeTags([
    ...splitCommaList(entry.tags),
    ...splitCommaList(entry.openmoji_tags),
    subgroup,
  ]);
  const hex = entry.hexcode.toLowerCase();
  const category = openmojiCategory(entry);
  // Extras' subgroups are category-like slugs ("animals-nature"); emoji subgroups are finer ("animal-mammal").
  const description = isExtrasGroup(entry.group)
    ? `${category} icon from OpenMoji`
    : `${humanizeSlug(subgroup)} emoji from OpenMoji`;
  const author = entry.openmoji_author.trim();
  return {
    id: `om-${hex}`,
    title: capitalize(entry.annotation.trim()),
    description,
    tags,
    category,
    source: {
      name: 'openmoji',
      attribution: author ? `OpenMoji – ${author}` : 'OpenMoji',
      url: `https://openmoji.org/library/emoji-${entry.hexcode}/`,
    },
    license: OPENMOJI_LICENSE,
    popularity: openmojiPopularity({
      emojiVersion: parseEmojiVersion(entry.unicode),
      tagCount: tags.length,
    }),
  };
}

export function defaultOpenmojiDir(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve('openmoji/package.json'));
}

/** Items in the package's own order (Unicode order, extras last), skin-tone variants removed. */
export function scanOpenmoji({
  packageDir = defaultOpenmojiDir(),
  limit,
}: {
  packageDir?: string;
  limit?: number;
}): SourceScan {
  const entries = JSON.parse(
    fs.readFileSync(path.join(packageDir, 'data', 'openmoji.json'), 'utf8'),
  ) as OpenmojiEntry[];
  const items: SourceItem[] = [];
  for (const entry of entries) {
    if (String(entry.skintone).trim() !== '') continue;
    if (limit !== undefined && items.length >= limit) break;
    const draft = openmojiDraft(entry);
    items.push({
      source: 'openmoji',
      ref: `openmoji ${entry.hexcode}`,
      imagePath: path.join(packageDir, 'color', 'svg', `${entry.hexcode}.svg`),
      draft: draft.title ? draft : { skip: 'no title', detail: 'empty annotation' },
    });
  }
  return { items, rejected: [] };
}
