import { describe, expect, it } from 'vitest';
import { americanSpelling, britishSpelling, spellingVariants } from './regional-spelling';

describe('americanSpelling', () => {
  it.each([
    ['colour', 'color'],
    ['colours', 'colors'],
    ['coloured', 'colored'],
    ['colourful', 'colorful'],
    ['favourite', 'favorite'],
    ['favourites', 'favorites'],
    ['neighbourhood', 'neighborhood'],
    ['grey', 'gray'],
    ['centre', 'center'],
    ['centres', 'centers'],
    ['centred', 'centered'],
    ['theatre', 'theater'],
    ['metres', 'meters'],
    ['jewellery', 'jewelry'],
    ['aeroplane', 'airplane'],
    ['aluminium', 'aluminum'],
    ['organise', 'organize'],
    ['organisation', 'organization'],
    ['realised', 'realized'],
    ['travelled', 'traveled'],
    ['travelling', 'traveling'],
    ['marvellous', 'marvelous'],
    ['catalogue', 'catalog'],
    ['defence', 'defense'],
    ['doughnut', 'donut'],
  ])('%s → %s', (british, american) => {
    expect(americanSpelling(british)).toBe(american);
  });

  it.each(['color', 'promise', 'wise', 'exercise', 'surprise', 'rise', 'four', 'hour', 'your', 'tour', 'acre', 'genre', 'cat', 'travel', 'label'])(
    'leaves %s alone',
    (word) => {
      expect(americanSpelling(word)).toBeNull();
    },
  );
});

describe('britishSpelling', () => {
  it.each([
    ['color', 'colour'],
    ['gray', 'grey'],
    ['center', 'centre'],
    ['centered', 'centred'],
    ['organize', 'organise'],
    ['traveled', 'travelled'],
    ['jewelry', 'jewellery'],
  ])('%s → %s', (american, british) => {
    expect(britishSpelling(american)).toBe(british);
  });

  it.each(['colour', 'poor', 'floor', 'door', 'water', 'letter', 'size', 'prize', 'seize', 'cat'])('leaves %s alone', (word) => {
    expect(britishSpelling(word)).toBeNull();
  });
});

describe('spellingVariants', () => {
  it.each<[string, string[]]>([
    ['colour', ['color']],
    ['color', ['colour']],
    ['grey', ['gray']],
    ['cat', []],
  ])('%s → %j', (word, expected) => {
    expect(spellingVariants(word)).toEqual(expected);
  });
});
