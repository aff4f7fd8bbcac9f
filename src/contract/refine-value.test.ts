import { describe, expect, it } from 'vitest';
import {
  categoryRefinement,
  COLOR_NAMES,
  colorRefinement,
  formatRefineValue,
  isColorName,
  parseRefineValue,
} from './refine-value';

describe('parseRefineValue', () => {
  it.each([
    ['smiling', { kind: 'term', text: 'smiling' }],
    [' two words ', { kind: 'term', text: ' two words ' }],
    ['category:Food & drink', { kind: 'category', category: 'Food & drink' }],
    ['Category: Flags ', { kind: 'category', category: 'Flags' }],
    ['CATEGORY:', { kind: 'category', category: '' }],
    ['color:red', { kind: 'color', name: 'red' }],
    ['COLOR:Blue', { kind: 'color', name: 'blue' }],
    ['cOlOr: gray ', { kind: 'color', name: 'gray' }],
    ['color:teal', { kind: 'color', name: 'teal' }],
    ['color:', { kind: 'color', name: '' }],
    ['colour:red', { kind: 'term', text: 'colour:red' }],
    ['categories:x', { kind: 'term', text: 'categories:x' }],
    [' color:red', { kind: 'term', text: ' color:red' }],
  ])('%j', (value, parsed) => {
    expect(parseRefineValue(value)).toEqual(parsed);
  });
});

describe('formatRefineValue', () => {
  it.each([
    // Canonical values come back unchanged, one per kind.
    ['smiling', 'smiling'],
    ['big cat', 'big cat'],
    ['category:Animals & nature', 'category:Animals & nature'],
    ['color:red', 'color:red'],
    ['color:teal', 'color:teal'],
    // Mixed-case prefixes, padding and colour case come back canonical.
    ['Category:Flags', 'category:Flags'],
    ['CATEGORY: Food & drink ', 'category:Food & drink'],
    ['Color:Red', 'color:red'],
    ['COLOR: GRAY', 'color:gray'],
  ])('format(parse(%j)) is %j, which parses the same', (value, canonical) => {
    const parsed = parseRefineValue(value);
    expect(formatRefineValue(parsed)).toBe(canonical);
    expect(parseRefineValue(formatRefineValue(parsed))).toEqual(parsed);
  });

  it('writes the values the server mines', () => {
    expect(categoryRefinement('Animals & nature')).toBe('category:Animals & nature');
    for (const name of COLOR_NAMES) {
      expect(colorRefinement(name)).toBe(`color:${name}`);
      expect(parseRefineValue(colorRefinement(name))).toEqual({ kind: 'color', name });
    }
  });
});

describe('isColorName', () => {
  it('knows the lowercase names only', () => {
    expect(COLOR_NAMES).toEqual([
      'red',
      'orange',
      'yellow',
      'green',
      'blue',
      'purple',
      'pink',
      'brown',
      'black',
      'white',
      'gray',
    ]);
    expect(isColorName('gray')).toBe(true);
    expect(isColorName('Gray')).toBe(false);
    expect(isColorName('grey')).toBe(false);
  });
});
