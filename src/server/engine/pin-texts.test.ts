import { describe, expect, it } from 'vitest';
import { memoryIndex } from './memory-index';
import { parseTags, readPinTexts } from './pin-texts';

describe('parseTags', () => {
  it.each<[string, string[]]>([
    ['["cat","kitty-cat"]', ['cat', 'kitty-cat']],
    ['[]', []],
    ['["cat",3,null,"dog"]', ['cat', 'dog']], // only strings
    ['{"cat":1}', []], // not an array
    ['not json', []],
  ])('%s → %j', (json, tags) => {
    expect(parseTags(json)).toEqual(tags);
  });
});

describe('readPinTexts', () => {
  it('reads title, parsed tags, description and category of every pin in table order', () => {
    const db = memoryIndex([
      {
        title: 'Grinning cat',
        description: 'Animal emoji',
        tags: ['cat', 'Crème'],
        category: 'Animals & nature',
      },
      { title: 'Broken', tags: 'not json', category: 'Objects' },
      {
        title: '赤い花',
        category: 'Plants',
        crosslingual: '赤い 花 red flower',
        langs: { title: 'ja' },
      },
    ]);
    const texts = [...readPinTexts(db)];
    db.close();
    expect(texts).toEqual([
      {
        title: 'Grinning cat',
        tags: ['cat', 'Crème'],
        description: 'Animal emoji',
        category: 'Animals & nature',
        crosslingual: '',
      },
      { title: 'Broken', tags: [], description: '', category: 'Objects', crosslingual: '' },
      // A pin in another language: its cross-lingual text too (pin_languages).
      {
        title: '赤い花',
        tags: [],
        description: '',
        category: 'Plants',
        crosslingual: '赤い 花 red flower',
      },
    ]);
  });
});
