import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSkip } from '../types';
import {
  defaultOpenmojiDir,
  OPENMOJI_LICENSE,
  openmojiCategory,
  openmojiDraft,
  parseEmojiVersion,
  scanOpenmoji,
  type OpenmojiEntry,
} from './openmoji';

const dir = defaultOpenmojiDir();
const entries = JSON.parse(
  fs.readFileSync(path.join(dir, 'data', 'openmoji.json'), 'utf8'),
) as OpenmojiEntry[];
const entry = (hexcode: string) => entries.find((e) => e.hexcode === hexcode)!;

describe('openmojiDraft (real openmoji.json entries)', () => {
  it('describes the cat face', () => {
    expect(openmojiDraft(entry('1F431'))).toEqual({
      id: 'om-1f431',
      title: 'Cat face',
      description: 'Animal mammal emoji from OpenMoji',
      tags: ['animal', 'cat', 'face', 'kitten', 'kitty', 'pet', 'miau', 'animal-mammal'],
      category: 'Animals & nature',
      source: {
        name: 'openmoji',
        attribution: 'OpenMoji – Sofie Ascherl',
        url: 'https://openmoji.org/library/emoji-1F431/',
      },
      license: OPENMOJI_LICENSE,
      // emoji 0.6 (age 1) and 8 tags: 0.7 + 0.3 × 8/12
      popularity: 0.9,
    });
  });

  it('files OpenMoji extras under the category their subgroup names', () => {
    const goldfish = openmojiDraft(entry('E000'));
    expect(goldfish).toMatchObject({
      id: 'om-e000',
      title: 'Goldfish',
      description: 'Animals & nature icon from OpenMoji',
      tags: ['goldfish', 'fish', 'water', 'animals-nature'],
      category: 'Animals & nature',
      popularity: 0.1, // no Unicode version: only the tag part, 4/12 × 0.3
    });
  });

  it.each([
    [{ group: 'smileys-emotion', subgroups: 'face-smiling' }, 'Smileys & emotion'],
    [{ group: 'flags', subgroups: 'country-flag' }, 'Flags'],
    [{ group: 'extras-openmoji', subgroups: 'brand' }, 'Brands'],
    [{ group: 'extras-unicode', subgroups: 'subdivision-flag' }, 'Flags'],
    [{ group: 'extras-openmoji', subgroups: 'something-new' }, 'Something new'],
  ])('category of %j is %j', (e, expected) => {
    expect(openmojiCategory(e)).toBe(expected);
  });

  it.each<[string | number, number | null]>([
    [0.6, 0.6],
    ['13.1', 13.1],
    ['', null],
    ['?', null],
  ])('emoji version %j → %j', (value, expected) => {
    expect(parseEmojiVersion(value)).toBe(expected);
  });
});

describe('scanOpenmoji', () => {
  const scan = scanOpenmoji({ packageDir: dir });

  it('leaves out skin-tone variants', () => {
    const withoutSkinTones = entries.filter((e) => String(e.skintone) === '');
    expect(scan.items).toHaveLength(withoutSkinTones.length);
    expect(scan.items.length).toBeGreaterThan(2000);
    const ids = scan.items.map((i) => (isSkip(i.draft) ? '' : i.draft.id));
    expect(ids).toContain('om-1f44d'); // thumbs up
    expect(ids).not.toContain('om-1f44d-1f3fb'); // thumbs up: light skin tone
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('points every item at an existing colour SVG', () => {
    for (const item of scan.items.slice(0, 50)) expect(fs.existsSync(item.imagePath!)).toBe(true);
    expect(scan.items[0]!.imagePath).toBe(path.join(dir, 'color', 'svg', '1F600.svg'));
  });

  it('honours limit', () => {
    expect(scanOpenmoji({ packageDir: dir, limit: 5 }).items.map((i) => i.ref)).toEqual([
      'openmoji 1F600',
      'openmoji 1F603',
      'openmoji 1F604',
      'openmoji 1F601',
      'openmoji 1F606',
    ]);
  });
});
