import { describe, expect, it } from 'vitest';
import { matchTiers } from '@/server/engine/fts-match';
import type { TermGroup } from '@/server/query/understand';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CONFIGSET_DIR } from './configset';
import {
  CLUSTER_TEXT_FIELDS,
  LEGACY_LUCENE_SYNTAX,
  LUCENE_SYNTAX,
  quoteLucene,
  requiredWordsQuery,
  tierExclusive,
} from './lucene-syntax';

describe('quoteLucene', () => {
  it.each([
    ['cat', '"cat"'],
    ['say "hi"', '"say \\"hi\\""'],
    ['back\\slash', '"back\\\\slash"'],
    ['title:x OR *:*', '"title:x OR *:*"'],
    ['{!func}1', '"{!func}1"'],
  ])('%s → %s', (text, quoted) => {
    expect(quoteLucene(text)).toBe(quoted);
  });

  it('never lets a quote or backslash end the phrase early', () => {
    for (const text of ['"', '\\', '\\"', '"\\', 'a"b\\"c']) {
      const quoted = quoteLucene(text);
      // Strip escaped characters: what is left has exactly the two delimiting quotes.
      expect(quoted.replace(/\\./g, '').match(/"/g)).toHaveLength(2);
    }
  });
});

describe('LUCENE_SYNTAX with the engine tiers', () => {
  it('writes a term as a phrase in the text fields with the embedded engine weights', () => {
    expect(LUCENE_SYNTAX.term('red car')).toBe(
      '(title:"red car"^10 tags:"red car"^6 description:"red car"^2 category:"red car"^3 crosslingual:"red car"^4)',
    );
  });

  it('leaves crosslingual out for collections published before it (Solr refuses unknown fields)', () => {
    expect(LEGACY_LUCENE_SYNTAX.term('dog')).toBe(
      '(title:"dog"^10 tags:"dog"^6 description:"dog"^2 category:"dog"^3)',
    );
    expect(requiredWordsQuery(['dog'], LEGACY_LUCENE_SYNTAX)).toBe(
      `+${LEGACY_LUCENE_SYNTAX.term('dog')}`,
    );
  });

  it('has a field in the configset for every text field it queries', () => {
    // Predicted tags (the index's `suggested` column) are not published, so never queried.
    expect(CLUSTER_TEXT_FIELDS).not.toContain('suggested');
    const schema = readFileSync(path.join(CONFIGSET_DIR, 'schema.xml'), 'utf8');
    for (const field of CLUSTER_TEXT_FIELDS)
      expect(schema).toContain(`<field name="${field}" type="text_inspo"`);
  });

  it('writes the same tiers as FTS5: words required, alternatives ORed, refinements required', () => {
    const groups: TermGroup[] = [
      {
        typed: 'car',
        term: 'car',
        optional: false,
        alternatives: [
          { term: 'car', weight: 1, source: 'query' },
          { term: 'automobile', weight: 0.6, source: 'wordnet' },
        ],
      },
    ];
    const tiers = matchTiers({ groups, refine: ['red'] }, LUCENE_SYNTAX);
    const t = LUCENE_SYNTAX.term;
    expect(tiers).toEqual([
      { match: `+${t('car')} +${t('red')}`, weight: 1 },
      { match: `+(${t('car')} ${t('automobile')}) +${t('red')}`, weight: 0.6 },
    ]);
    expect(matchTiers({ groups, refine: ['red'] }).map((x) => x.weight)).toEqual([1, 0.6]);
  });

  it('excludes the previous tier from a later one', () => {
    expect(tierExclusive('+a', '+b')).toBe('+(+a) -(+b)');
  });

  it('turns refinement values into required words, or null when there are none', () => {
    expect(requiredWordsQuery(['Red car', 'red'])).toBe(
      `+${LUCENE_SYNTAX.term('red')} +${LUCENE_SYNTAX.term('car')}`,
    );
    expect(requiredWordsQuery(['!!', ''])).toBeNull();
  });
});
