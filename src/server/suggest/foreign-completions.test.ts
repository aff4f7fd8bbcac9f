import { describe, expect, it } from 'vitest';
import { ensureTestIndex } from '@/server/ingest/test-index';
import { createSuggestService } from './suggest-service';

describe('completions in the reader’s language (real OpenMoji index and lexicon)', async () => {
  const dataDir = await ensureTestIndex();
  const service = createSuggestService({ dataDir, stateDir: `${dataDir}/state-foreign-test`, flushIntervalMs: 60_000 });

  it('completes a prefix of a Spanish word for a Spanish reader', () => {
    const texts = service.suggester.suggest({ q: 'mari', limit: 8, hl: 'es' }).map((s) => s.text);
    expect(texts).toContain('mariposa');
  });

  it('bolds what was typed, and leaves English readers’ own completions first', () => {
    const es = service.suggester.suggest({ q: 'mari', limit: 8, hl: 'es' }).find((s) => s.text === 'mariposa')!;
    expect(es.matches).toEqual([[0, 4]]);
    const en = service.suggester.suggest({ q: 'mari', limit: 8, hl: 'en' });
    const own = service.suggester.suggest({ q: 'mari', limit: 8 });
    expect(en.slice(0, own.length).map((s) => s.text)).toEqual(own.map((s) => s.text));
  });

  it('leaves prefixes under three letters to the corpus', () => {
    expect(service.suggester.suggest({ q: 'ma', limit: 8, hl: 'es' }).map((s) => s.text)).not.toContain('mariposa');
    service.close();
  });
});
