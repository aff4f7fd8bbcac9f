import { describe, expect, it } from 'vitest';
import {
  categoryRefinement,
  colorRefinement,
  parseRefinement,
  parseRefinements,
} from './refine-values';

describe('parseRefinement', () => {
  it.each([
    ['smiling', { kind: 'term', text: 'smiling' }],
    ['category:Food & drink', { kind: 'category', category: 'Food & drink' }],
    ['Category: Flags ', { kind: 'category', category: 'Flags' }],
    ['color:red', { kind: 'color', color: 'red' }],
    ['COLOR:Blue', { kind: 'color', color: 'blue' }],
    ['color:teal', { kind: 'color', color: null }],
    ['colour:red', { kind: 'term', text: 'colour:red' }],
  ])('%j', (value, parsed) => {
    expect(parseRefinement(value)).toEqual(parsed);
  });

  it('round-trips the values it formats', () => {
    expect(parseRefinement(categoryRefinement('Animals & nature'))).toEqual({
      kind: 'category',
      category: 'Animals & nature',
    });
    expect(parseRefinement(colorRefinement('gray'))).toEqual({ kind: 'color', color: 'gray' });
  });
});

describe('parseRefinements', () => {
  it('groups values, dropping duplicate categories and colours', () => {
    expect(
      parseRefinements([
        'big',
        'category:Animals',
        'color:red',
        'category:animals',
        'color:Red',
        'eyes',
      ]),
    ).toEqual({
      terms: ['big', 'eyes'],
      categories: ['Animals'],
      colors: ['red'],
      matchesNothing: false,
    });
  });

  it.each([['color:teal'], ['category:'], ['category:  ']])('%j matches nothing', (value) => {
    expect(parseRefinements([value]).matchesNothing).toBe(true);
  });

  it('is empty for no values', () => {
    expect(parseRefinements([])).toEqual({
      terms: [],
      categories: [],
      colors: [],
      matchesNothing: false,
    });
  });
});
