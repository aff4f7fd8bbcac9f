import { describe, expect, it } from 'vitest';
import {
  capitalize,
  decodeXmlText,
  humanizeSlug,
  normalizeTags,
  splitCommaList,
  titleFromFileName,
  truncateText,
} from './text';

describe('normalizeTags', () => {
  it('trims, lowercases, collapses whitespace, drops empties and duplicates (first wins)', () => {
    expect(normalizeTags([' Cat ', 'cat', '', '  ', 'Black  Cat', 'ＣＡＴ', 'kitty'])).toEqual([
      'cat',
      'black cat',
      'kitty',
    ]);
  });

  it('splits OpenMoji comma lists', () => {
    expect(normalizeTags(splitCommaList('pet, kitty, kitten,  miau,'))).toEqual([
      'pet',
      'kitty',
      'kitten',
      'miau',
    ]);
  });
});

describe('humanizeSlug', () => {
  it.each([
    ['signs_and_symbols', 'Signs & symbols'],
    ['animals', 'Animals'],
    ['map-symbols', 'Map symbols'],
    ['face-smiling', 'Face smiling'],
    ['ALL_CAPS', 'All caps'],
    ['', ''],
  ])('%j → %j', (slug, expected) => {
    expect(humanizeSlug(slug)).toBe(expected);
  });
});

describe('capitalize / titleFromFileName / truncateText', () => {
  it('capitalizes the first letter only', () => {
    expect(capitalize('cat face')).toBe('Cat face');
    expect(capitalize('')).toBe('');
  });

  it.each([
    ['bb_mail_new.svg', 'bb mail new'],
    ['view-detailed.svg', 'view detailed'],
    ['woman_chemist_gerald_g._01.svg', 'woman chemist gerald g 01'],
  ])('%j → %j', (name, expected) => {
    expect(titleFromFileName(name)).toBe(expected);
  });

  it('cuts on a word boundary and adds an ellipsis', () => {
    expect(truncateText('short', 10)).toBe('short');
    expect(truncateText('the quick brown fox jumps', 16)).toBe('the quick brown…');
    expect(truncateText('abcdefghijklmnopqrstuvwxyz', 10)).toBe('abcdefghi…');
  });
});

describe('decodeXmlText', () => {
  it.each([
    ['Tom &amp; Jerry', 'Tom & Jerry'],
    ['&lt;b&gt; &quot;x&quot; &apos;y&apos;', '<b> "x" \'y\''],
    ['caf&#233; &#xE9;t&#xe9;', 'café été'],
    ['bad &#xD800; &#0; &#x110000; refs', 'bad refs'],
    ['&unknown; stays', '&unknown; stays'],
    ['<![CDATA[a & b < c]]>', 'a & b < c'],
    ['  multi\n  line\ttext  ', 'multi line text'],
    ['<rdf:Alt><rdf:li xml:lang="en">Cat</rdf:li></rdf:Alt>', 'Cat'],
  ])('%j → %j', (raw, expected) => {
    expect(decodeXmlText(raw)).toBe(expected);
  });
});
