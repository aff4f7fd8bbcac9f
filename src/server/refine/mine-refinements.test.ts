import { describe, expect, it } from 'vitest';
import { addToSet, emptySet, intersect, jaccard, setHas, setSize } from './candidate-sets';
import {
  balance,
  MAX_REFINEMENT_CHIPS,
  mineRefinements,
  type MiningCandidate,
} from './mine-refinements';

const WHITE = '#ffffff';
const RED = '#e02020';
const BLUE = '#2060d0';

/** A candidate whose only words are its title (one category, one colour: neither can split). */
const pin = (title: string, extra: Partial<MiningCandidate> = {}): MiningCandidate => ({
  title,
  tags: [],
  category: 'Misc',
  palette: [WHITE],
  ...extra,
});

/** Filler titles that occur once each, so they never become chips (count < 2). */
const FILLER = [
  'alpha',
  'bravo',
  'charlie',
  'delta',
  'echo',
  'foxtrot',
  'golf',
  'hotel',
  'india',
  'juliet',
];

const summary = (chips: ReturnType<typeof mineRefinements>) =>
  chips.map((c) => [c.kind, c.label, c.value, c.count]);

describe('mineRefinements', () => {
  it('keeps chips that split the candidates, ranked by balance', () => {
    // 10 candidates: "ocean" in 5 (50 %), "reef" in 2 (20 %), "sand" in 8 (80 %: too broad),
    // "kelp" in 1 (too rare).
    const candidates = FILLER.map((word, i) =>
      pin(
        [
          word,
          i < 5 ? 'ocean' : '',
          i >= 8 ? 'reef' : '',
          i < 8 ? 'sand' : '',
          i === 9 ? 'kelp' : '',
        ].join(' '),
      ),
    );
    expect(summary(mineRefinements({ query: 'beach', candidates }))).toEqual([
      ['term', 'ocean', 'ocean', 5],
      ['term', 'reef', 'reef', 2],
    ]);
  });

  it('drops a chip that keeps exactly the same pins as one already picked (diversity)', () => {
    // "ocean" and "sea" keep the same five pins; "wave" keeps four others.
    const candidates = FILLER.map((word, i) =>
      pin(`${word} ${i < 5 ? 'ocean sea' : ''} ${i >= 5 && i < 9 ? 'wave' : ''}`),
    );
    // ocean: balance 1; sea: same set, Jaccard 1 → 0; wave: 4·0.4·0.6 = 0.96, disjoint → 0.96.
    expect(summary(mineRefinements({ query: 'water', candidates }))).toEqual([
      ['term', 'ocean', 'ocean', 5],
      ['term', 'wave', 'wave', 4],
    ]);
  });

  it('penalizes overlap with chosen chips (Jaccard) and proposes two-word phrases', () => {
    // "big eyes" written together in 0..2, "eyes" alone in 3..4, "big" alone in 5.
    const titles = ['big eyes', 'big eyes', 'big eyes', 'eyes', 'eyes', 'big', '', '', '', ''];
    const candidates = titles.map((t, i) => pin(`${FILLER[i]} ${t}`));
    // eyes: 5/10 → 1. big: 4/10 → 0.96 × (1 − 3/6) = 0.48.
    // big eyes: 3/10 → 0.84 × (1 − max(3/5, 3/4)) = 0.21.
    expect(summary(mineRefinements({ query: 'face', candidates }))).toEqual([
      ['term', 'eyes', 'eyes', 5],
      ['term', 'big', 'big', 4],
      ['term', 'big eyes', 'big eyes', 3],
    ]);
  });

  it('merges words with the same stem and labels them with the most common spelling', () => {
    const titles = ['smile', 'smile', 'smiling', 'smiling', 'smiles', '', '', '', '', ''];
    const candidates = titles.map((t, i) => pin(`${FILLER[i]} ${t}`));
    // smile ×2 and smiling ×2 tie; the shorter spelling wins.
    expect(summary(mineRefinements({ query: 'face', candidates }))).toEqual([
      ['term', 'smile', 'smile', 5],
    ]);
  });

  it('never offers the query words, active refinements or excluded terms again', () => {
    const titles = [
      'cats dog',
      'cat dogs',
      'cat dog',
      'cats',
      'smiling',
      'smile',
      'kitty',
      'kitty',
      '',
      '',
    ];
    const candidates = titles.map((t, i) =>
      pin(`${FILLER[i]} ${t}`, {
        category: i < 5 ? 'Animals' : 'Smileys',
        palette: i < 4 ? [RED] : [BLUE],
      }),
    );
    const chips = mineRefinements({
      query: 'Smiling',
      candidates,
      activeRefinements: ['dogs', 'category:animals', 'color:red'],
      excludeTerms: ['kitties'],
    });
    // smile/smiling, dog, kitty, Animals and Red are not on offer. Smileys (5/10) → 1;
    // cat (4/10, disjoint from Smileys) → 0.96; Blue (6/10) → 0.96 × (1 − 5/6).
    expect(summary(chips)).toEqual([
      ['category', 'Smileys', 'category:Smileys', 5],
      ['term', 'cat', 'cat', 4],
      ['color', 'Blue', 'color:blue', 6],
    ]);
  });

  it('offers categories only when the candidates span several', () => {
    const categories = [
      'Animals',
      'Animals',
      'Animals',
      'Animals',
      'Food',
      'Food',
      'Food',
      'Food',
      'Flags',
      'Flags',
    ];
    const candidates = FILLER.map((word, i) => pin(word, { category: categories[i]! }));
    // Animals and Food: 0.96 each, disjoint; the tie goes to the label. Flags: 0.64.
    expect(summary(mineRefinements({ query: 'things', candidates }))).toEqual([
      ['category', 'Animals', 'category:Animals', 4],
      ['category', 'Food', 'category:Food', 4],
      ['category', 'Flags', 'category:Flags', 2],
    ]);
    const oneCategory = FILLER.map((word) => pin(word, { category: 'Animals' }));
    expect(mineRefinements({ query: 'things', candidates: oneCategory })).toEqual([]);
  });

  it('maps palettes to named colours', () => {
    // Everything has white (100 %: no chip); 5 have red, 3 blue (one of them both).
    const palettes = [
      [WHITE, RED],
      [WHITE, '#d22f27'],
      [WHITE, RED],
      [WHITE, RED],
      [WHITE, RED, BLUE],
      [WHITE, BLUE],
      [WHITE, '#1e50a0'],
      [WHITE],
      [WHITE],
      [WHITE],
    ];
    const candidates = FILLER.map((word, i) => pin(word, { palette: palettes[i]! }));
    // Red 5/10 → 1; Blue 3/10 → 0.84 × (1 − 1/7).
    expect(mineRefinements({ query: 'art', candidates })).toEqual([
      { label: 'Red', kind: 'color', value: 'color:red', count: 5 },
      { label: 'Blue', kind: 'color', value: 'color:blue', count: 3 },
    ]);
  });

  it('counts membership over the description and category too, as the engine matches them', () => {
    // "star" proposed by two titles; three more pins mention it only in their description.
    const candidates = FILLER.map((word, i) =>
      pin(`${word}${i < 2 ? ' star' : ''}`, { description: i >= 2 && i < 5 ? 'a star' : 'plain' }),
    );
    expect(summary(mineRefinements({ query: 'sky', candidates }))).toEqual([
      ['term', 'star', 'star', 5],
    ]);
  });

  it('skips stopwords, numbers and one-letter words', () => {
    const titles = ['with 42 x', 'with 42 x', 'with 42 x', 'with 42 x', '', '', '', '', '', ''];
    const candidates = titles.map((t, i) => pin(`${FILLER[i]} ${t}`));
    expect(mineRefinements({ query: 'q', candidates })).toEqual([]);
  });

  it('returns nothing for fewer than five candidates', () => {
    const candidates = ['red a', 'red b', 'blue c', 'blue d'].map((t) => pin(t));
    expect(mineRefinements({ query: 'q', candidates })).toEqual([]);
  });

  it(`shows at most ${MAX_REFINEMENT_CHIPS} chips, or maxRefinements`, () => {
    // 40 candidates, 20 words each in a different pair of them: all disjoint, all 5 %.
    const candidates = Array.from({ length: 40 }, (_, i) =>
      pin(`w${String.fromCharCode(97 + (i >> 1))}x`),
    );
    expect(mineRefinements({ query: 'q', candidates })).toHaveLength(MAX_REFINEMENT_CHIPS);
    expect(
      mineRefinements({ query: 'q', candidates, maxRefinements: 3 }).map((c) => c.label),
    ).toEqual(['wax', 'wbx', 'wcx']);
  });

  it('does not depend on the order of the candidates', () => {
    const titles = ['big eyes', 'big eyes', 'big eyes', 'eyes', 'eyes', 'big', '', '', '', ''];
    const candidates = titles.map((t, i) =>
      pin(`${FILLER[i]} ${t}`, { palette: i % 2 ? [RED] : [BLUE] }),
    );
    const forward = mineRefinements({ query: 'face', candidates });
    const backward = mineRefinements({ query: 'face', candidates: [...candidates].reverse() });
    expect(backward).toEqual(forward);
  });
});

describe('balance', () => {
  it.each([
    [0.5, 1],
    [0.2, 0.64],
    [0, 0],
    [1, 0],
  ])('balance(%d) = %d', (share, expected) => {
    expect(balance(share)).toBeCloseTo(expected, 10);
  });
});

describe('candidate sets', () => {
  it('counts, intersects and compares sets of positions', () => {
    const a = emptySet(70);
    const b = emptySet(70);
    for (const i of [0, 31, 32, 69]) addToSet(a, i);
    for (const i of [31, 69, 5]) addToSet(b, i);
    expect(setSize(a)).toBe(4);
    expect(setHas(a, 32)).toBe(true);
    expect(setHas(a, 33)).toBe(false);
    expect(setSize(intersect(a, b))).toBe(2);
    expect(jaccard(a, b)).toBe(2 / 5);
    expect(jaccard(emptySet(3), emptySet(3))).toBe(0);
  });
});
