import { describe, expect, it } from 'vitest';
import { sharedWordNet } from '@/server/query/query-context';
import { isMiningStopword } from '@/server/query/stopwords';
import { PrefixIndex } from './prefix-index';
import { completionStemKey, readableCompletions, unhyphenatePaths } from './readable-completions';
import { Suggester } from './suggester';
import { createTagText } from './tag-text';

const tagText = createTagText({ wordnet: sharedWordNet(), lexicon: null });

describe('readable completions', () => {
  it('reads tag paths as words, same length, keeping real hyphenated words', () => {
    expect(unhyphenatePaths('plant-flower')).toBe('plant flower');
    expect(unhyphenatePaths('red plant-flower-bed')).toBe('red plant flower bed');
    expect(unhyphenatePaths('fleur-de-lis')).toBe('fleur-de-lis');
    expect(unhyphenatePaths('t-shirt')).toBe('t-shirt');
  });

  it('keys completions by stem sequence', () => {
    expect(completionStemKey('flowers')).toBe(completionStemKey('flower'));
    expect(completionStemKey('cat faces')).toBe(completionStemKey('cat-face'));
    expect(completionStemKey('cat face')).not.toBe(completionStemKey('face cat'));
  });

  it('keeps the first of each stem sequence and drops glued words', () => {
    const out = readableCompletions(
      [{ text: 'flowers' }, { text: 'unitedstates' }, { text: 'flower' }, { text: 'plant-flower' }, { text: 'plant flower' }],
      tagText,
    );
    expect(out.map((c) => c.text)).toEqual(['flowers', 'plant flower']);
  });
});

describe('Suggester with readable completions', () => {
  const vocabulary = new PrefixIndex(
    [
      { text: 'flower', kind: 'tag', weight: 30 },
      { text: 'flowers', kind: 'tag', weight: 20 },
      { text: 'plant-flower', kind: 'tag', weight: 25 },
      { text: 'floppy disk', kind: 'query', weight: 5 },
      { text: 'florida', kind: 'tag', weight: 4 },
      { text: 'flowchart', kind: 'tag', weight: 3 },
      { text: 'unitedstates', kind: 'tag', weight: 26 },
      { text: 'united states', kind: 'query', weight: 10 },
    ],
    { isStopword: isMiningStopword },
  );
  const suggester = new Suggester({ vocabulary, tagText });

  it('offers one of "flower"/"flowers", tag paths as words, and still every prefix match', () => {
    const out = suggester.suggest({ q: 'flo', limit: 5 });
    expect(out.map((s) => s.text)).toEqual(['flower', 'plant flower', 'floppy disk', 'florida', 'flowchart']);
    // The bold range is where "flo" is, as before the hyphen was read as a space.
    expect(out[1]!.matches).toEqual([[6, 9]]);
  });

  it('drops a glued tag, keeping its spaced form', () => {
    expect(suggester.suggest({ q: 'unit', limit: 5 }).map((s) => s.text)).toEqual(['united states']);
  });
});
