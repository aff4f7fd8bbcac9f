/**
 * Pins written in other languages, end to end: the multilingual example manifest (a Spanish, a
 * German and two Japanese pins beside an English one, images from OpenMoji) plus a line with a
 * bad language tag, indexed by the real pipeline, served by the real server. Each foreign pin is
 * found from English and from its own language, and the bad line is skipped with its reason.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SearchResponseSchema, type SearchResponse } from '@/contract/api';
import { indexPath } from '@/server/engine/schema';
import { buildIndex } from '@/server/ingest/build-index';
import type { BuildReport } from '@/server/ingest/types';
import { startTestServer, type TestServer } from './support/test-server';

const EXAMPLE = fileURLToPath(
  new URL('../../examples/multilingual-pins/pins.jsonl', import.meta.url),
);
const BAD_LINE = { id: 'fr-chat', title: 'Chat noir', lang: 'french', image: 'unused.svg' };

let tmp: string;
let report: BuildReport;
let server: TestServer;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'inspo-multilingual-'));
  // The example's lines with their images made absolute, and one bad line.
  const lines = fs
    .readFileSync(EXAMPLE, 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => {
      const pin = JSON.parse(line) as { image: string };
      return JSON.stringify({ ...pin, image: path.resolve(path.dirname(EXAMPLE), pin.image) });
    });
  const manifest = path.join(tmp, 'pins.jsonl');
  fs.writeFileSync(manifest, [...lines, JSON.stringify(BAD_LINE)].join('\n'));
  const dataDir = path.join(tmp, 'data');
  report = await buildIndex({ dataDir, sources: ['manifest'], manifestPath: manifest });
  server = await startTestServer({ dataDir });
});
afterAll(async () => {
  await server?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

async function search(q: string, extra = ''): Promise<SearchResponse> {
  const response = await server.client.get(
    `/api/v1/search?q=${encodeURIComponent(q)}&limit=10${extra}`,
  );
  expect(response.status).toBe(200);
  return SearchResponseSchema.parse(response.json());
}
const ids = async (q: string, extra = '') => (await search(q, extra)).items.map((p) => p.id);

describe('indexing a manifest with pins in other languages', () => {
  it('indexes the foreign pins and skips the bad language tag with its reason', () => {
    expect(report.pins).toBe(5);
    expect(report.multilingual).toMatchObject({ pins: 4, languages: { es: 1, de: 1, ja: 2 } });
    expect(report.multilingual!.translations).toBeGreaterThan(0);
    expect(report.skippedItems).toEqual([
      {
        source: 'manifest',
        ref: 'pins.jsonl:6',
        reason: 'invalid manifest line',
        detail:
          'line 6: lang: "french" is not a BCP 47 language tag (e.g. "es", "pt-BR", "zh-Hant", "ja")',
      },
    ]);
  });

  it('records each pin’s languages and every translation with the lexicon sources that gave it', () => {
    const db = new Database(indexPath(path.join(tmp, 'data')), { readonly: true });
    try {
      const row = db
        .prepare(
          'SELECT l.langs, l.translations FROM pin_languages l JOIN pins p ON p.rowid = l.pin WHERE p.id = ?',
        )
        .get('ja-neko') as { langs: string; translations: string };
      // Per field: the description is English.
      expect(JSON.parse(row.langs)).toEqual({ title: 'ja', tags: 'ja' });
      const translations = JSON.parse(row.translations) as [
        string,
        string,
        string,
        string,
        number,
        string,
      ][];
      const cat = translations.find(([field, word]) => field === 'title' && word === '猫')!;
      expect(cat.slice(0, 4)).toEqual(['title', '猫', 'ja', 'cat']);
      const names = cat[5]
        .split(',')
        .map(
          (id) =>
            (
              db.prepare('SELECT name FROM lexicon_sources WHERE id = ?').get(Number(id)) as {
                name: string;
              }
            ).name,
        );
      expect(names).toContain('CLDR annotations');
      // English pins have no row.
      expect(
        db
          .prepare(
            "SELECT count(*) FROM pin_languages l JOIN pins p ON p.rowid = l.pin WHERE p.id = 'en-dog'",
          )
          .pluck()
          .get(),
      ).toBe(0);
    } finally {
      db.close();
    }
  });
});

describe('pins in other languages, searched through the API', () => {
  it('are found from English', async () => {
    // The English pin first: its own title word outweighs a translation.
    expect(await ids('dog')).toEqual(['en-dog', 'es-perro']);
    expect(await ids('butterfly')).toContain('de-schmetterling');
    expect((await ids('flower'))[0]).toBe('ja-hana');
    expect(await ids('cat')).toEqual(['ja-neko']);
  });

  it('are found from their own language, the pin that uses the word first', async () => {
    const perro = await search('perro');
    expect(perro.items.map((p) => p.id)).toEqual(['es-perro', 'en-dog']);
    expect(perro.query.translations).toEqual([{ from: 'perro', to: 'dog', lang: 'es' }]);
    expect((await ids('Schmetterling'))[0]).toBe('de-schmetterling');
    expect((await ids('marrón'))[0]).toBe('es-perro');
    // Japanese is written without spaces: the pin titled 赤い花 is found by 花 (and by 赤い花).
    expect((await ids('花'))[0]).toBe('ja-hana');
    expect((await ids('赤い花'))[0]).toBe('ja-hana');
    expect(await ids('猫')).toEqual(['ja-neko']);
  });

  it('are found from a third language through English', async () => {
    expect(await ids('Hund', '&hl=de')).toEqual(['en-dog', 'es-perro']);
    expect(await ids('mariposa')).toContain('de-schmetterling');
  });

  it('"as typed" finds only the pins that use the word', async () => {
    expect(await ids('perro', '&exact=1')).toEqual(['es-perro']);
  });
});
