import { describe, expect, it } from 'vitest';
import { cleanOpenclipartTitle } from './openclipart-title';

const ROLLANDIN = 'Architetto Francesco Rollandin';

describe('cleanOpenclipartTitle', () => {
  it.each([
    ['Sleeping_cat', '', 'sleeping_cat.svg', 'Sleeping cat'],
    ['Chalet di montagna Architetto Francesco Rollandin', ROLLANDIN, 'chalet.svg', 'Chalet di montagna'],
    // Truncated name words (file-name derived titles) still count as the name.
    ['Dino architetto francesc 01', ROLLANDIN, 'dino_architetto_francesc_01.svg', 'Dino 01'],
    ['Bibliografia Francesco Rollandin', ROLLANDIN, 'bibliografia.svg', 'Bibliografia'],
  ])('%s → %s', (title, creator, file, expected) => {
    expect(cleanOpenclipartTitle(title, creator, file)).toBe(expected);
  });

  it('falls back to the file name when the title is only the name', () => {
    expect(cleanOpenclipartTitle(ROLLANDIN, ROLLANDIN, 'gatto_nero.svg')).toBe('gatto nero');
    expect(cleanOpenclipartTitle('C Rollandin Francesco', ROLLANDIN, 'ragno_01.svg')).toBe('ragno 01');
  });

  it('keeps a single word that happens to be part of the name', () => {
    expect(cleanOpenclipartTitle('Rose garden', 'Rose Smith', 'x.svg')).toBe('Rose garden');
    expect(cleanOpenclipartTitle('Architetto studio', ROLLANDIN, 'x.svg')).toBe('Architetto studio');
  });

  it('keeps the title when neither it nor the file name has anything else', () => {
    expect(cleanOpenclipartTitle(ROLLANDIN, ROLLANDIN, 'architetto_francesco_rollandin.svg')).toBe(
      ROLLANDIN,
    );
  });

  it('leaves titles without a creator untouched apart from underscores', () => {
    expect(cleanOpenclipartTitle('B_W Tiger', '', 'tiger.svg')).toBe('B W Tiger');
  });
});
