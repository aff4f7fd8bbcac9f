import { describe, expect, it } from 'vitest';
import type { Refinement } from '@/contract/api';
import { buildChips, chipForValue, toggleRefinement } from './chip-model';

const term = (value: string, count = 5): Refinement => ({
  label: value,
  kind: 'term',
  value,
  count,
});
const red: Refinement = {
  label: 'Red',
  kind: 'color',
  value: 'color:red',
  count: 3,
  swatch: '#e02020',
};
const nature: Refinement = {
  label: 'Animals & nature',
  kind: 'category',
  value: 'category:Animals & nature',
  count: 8,
};

describe('buildChips', () => {
  it('puts active chips first, in the order chosen, then the response’s others', () => {
    const chips = buildChips({
      refinements: [red, term('mammal'), nature, term('bird')],
      active: ['bird', 'color:red'],
    });
    expect(chips.map((c) => [c.label, c.pressed])).toEqual([
      ['bird', true],
      ['Red', true],
      ['mammal', false],
      ['Animals & nature', false],
    ]);
  });

  it('keeps swatches for colour chips only', () => {
    const chips = buildChips({ refinements: [red, term('x')], active: [] });
    expect(chips.map((c) => c.swatch)).toEqual(['#e02020', null]);
  });

  it('shows an active refinement the response no longer lists, from memory or from its value', () => {
    const known = new Map([[red.value, red]]);
    const chips = buildChips({
      refinements: [term('farm')],
      active: ['color:red', 'category:Flags', 'color:blue', 'big cat'],
      known,
    });
    expect(chips).toEqual([
      { value: 'color:red', label: 'Red', kind: 'color', swatch: '#e02020', pressed: true },
      { value: 'category:Flags', label: 'Flags', kind: 'category', swatch: null, pressed: true },
      { value: 'color:blue', label: 'Blue', kind: 'color', swatch: 'blue', pressed: true },
      { value: 'big cat', label: 'big cat', kind: 'term', swatch: null, pressed: true },
      { value: 'farm', label: 'farm', kind: 'term', swatch: null, pressed: false },
    ]);
  });

  it('lists a value once even if the URL repeats it', () => {
    expect(buildChips({ refinements: [term('a')], active: ['a', 'a'] })).toHaveLength(1);
  });
});

describe('chipForValue', () => {
  it('does not turn an odd colour name into CSS', () => {
    expect(chipForValue('color:red;x').swatch).toBeNull();
    expect(chipForValue('color:').label).toBe('');
  });

  it('reads prefixes in any case, as the server applies them', () => {
    expect(chipForValue('Color: RED')).toEqual({
      value: 'Color: RED',
      label: 'Red',
      kind: 'color',
      swatch: 'red',
    });
    expect(chipForValue('CATEGORY: Flags ')).toEqual({
      value: 'CATEGORY: Flags ',
      label: 'Flags',
      kind: 'category',
      swatch: null,
    });
    expect(chipForValue('colour:red')).toEqual({
      value: 'colour:red',
      label: 'colour:red',
      kind: 'term',
      swatch: null,
    });
  });
});

describe('toggleRefinement', () => {
  it('adds last, removes wherever it is, and caps the count by dropping the oldest', () => {
    expect(toggleRefinement([], 'a', 8)).toEqual(['a']);
    expect(toggleRefinement(['a', 'b'], 'c', 8)).toEqual(['a', 'b', 'c']);
    expect(toggleRefinement(['a', 'b', 'c'], 'b', 8)).toEqual(['a', 'c']);
    expect(toggleRefinement(['a', 'b'], 'c', 2)).toEqual(['b', 'c']);
  });
});
