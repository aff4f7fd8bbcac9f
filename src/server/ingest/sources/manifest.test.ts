import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { PinDraft, Skip } from '../types';
import { fieldLanguages, MANIFEST_DEFAULTS, parseManifest, scanManifest } from './manifest';

const EXAMPLE = fileURLToPath(new URL('../../../../examples/my-pins/pins.jsonl', import.meta.url));
const MULTILINGUAL = fileURLToPath(
  new URL('../../../../examples/multilingual-pins/pins.jsonl', import.meta.url),
);

describe('parseManifest', () => {
  it('validates each line on its own and reports line numbers', () => {
    const text = [
      '{"id":"a","title":"A","image":"a.png"}',
      '',
      '{not json',
      '{"id":"b","image":"b.png"}',
      '{"id":"bad id!","title":"C","image":"c.png"}',
      '{"id":"d","title":"D","image":"https://example.com/d.png"}',
      '{"id":"e","title":"E","image":"e.png","tag":["typo"]}',
      '{"id":"f","title":"F","image":"f.png","saves":-1}',
      '[1,2]',
      '   ',
      '{"id":"g","title":"  G  ","image":"/abs/g.png","tags":["x"],"width":10,"height":20}\r',
    ].join('\n');
    const parsed = parseManifest(text).map((p) =>
      'error' in p ? { line: p.line, error: p.error } : { line: p.line, id: p.pin.id },
    );
    expect(parsed).toEqual([
      { line: 1, id: 'a' },
      { line: 3, error: expect.stringMatching(/^invalid JSON \(/u) },
      { line: 4, error: 'title: Invalid input: expected string, received undefined' },
      { line: 5, error: 'id: letters, digits, "-", "_" or "."' },
      { line: 6, error: 'image: must be a file path: image URLs are not downloaded' },
      { line: 7, error: 'line: Unrecognized key: "tag"' },
      { line: 8, error: 'saves: Too small: expected number to be >=0' },
      { line: 9, error: 'line: Invalid input: expected object, received array' },
      { line: 11, id: 'g' },
    ]);
    const g = parseManifest(text).at(-1)!;
    expect('pin' in g && g.pin.title).toBe('G');
  });
});

describe('manifest `lang`', () => {
  const parse = (line: Record<string, unknown>) =>
    parseManifest(JSON.stringify({ id: 'p', title: 'Perro', image: 'p.png', ...line }))[0]!;

  it('takes one BCP 47 tag for the pin, or one per field, canonicalized', () => {
    expect(parse({ lang: 'es' })).toMatchObject({ pin: { lang: 'es' } });
    expect(parse({ lang: 'pt-br' })).toMatchObject({ pin: { lang: 'pt-BR' } });
    expect(parse({ lang: { title: 'ja', tags: 'iw' } })).toMatchObject({
      pin: { lang: { title: 'ja', tags: 'he' } },
    });
  });

  it('refuses a bad tag with the tag and what a good one looks like', () => {
    const hint = 'is not a BCP 47 language tag (e.g. "es", "pt-BR", "zh-Hant", "ja")';
    expect(parse({ lang: 'english' })).toEqual({ line: 1, error: `lang: "english" ${hint}` });
    expect(parse({ lang: { title: 'jp' } })).toEqual({
      line: 1,
      error: `lang.title: "jp" ${hint}`,
    });
    expect(parse({ lang: { titel: 'ja' } })).toEqual({
      line: 1,
      error: 'lang: Unrecognized key: "titel"',
    });
    expect(parse({ lang: 3 })).toEqual({
      line: 1,
      error: 'lang: a language tag ("es") or one per field ({"title": "ja", "tags": "ja"})',
    });
  });

  it('records the fields that are not in English (none: no langs at all)', () => {
    expect(fieldLanguages('es')).toEqual({ title: 'es', description: 'es', tags: 'es' });
    expect(fieldLanguages({ title: 'ja', description: 'en-GB' })).toEqual({ title: 'ja' });
    expect(fieldLanguages('en')).toBeNull();
    expect(fieldLanguages(undefined)).toBeNull();
  });
});

describe('scanManifest', () => {
  it('reads the example manifest: paths relative to it, defaults, popularity from saves and clicks', () => {
    const scan = scanManifest({ manifestPath: EXAMPLE });
    expect(scan.rejected).toEqual([]);
    const dir = path.dirname(EXAMPLE);
    expect(scan.items.map((i) => [i.ref, i.imagePath, i.aspect])).toEqual([
      ['pins.jsonl:1', path.join(dir, 'images/sunset.png'), undefined],
      ['pins.jsonl:2', path.join(dir, 'images/mountains.png'), undefined],
      ['pins.jsonl:3', path.join(dir, 'images/leaf.png'), 1.5],
    ]);
    expect(scan.items[0]!.draft).toEqual({
      id: 'my-sunset',
      title: 'Sunset over the bay',
      description: 'Evening sky turning orange over calm water.',
      tags: ['sunset', 'sky', 'sea', 'evening'],
      category: 'Travel & places',
      source: { name: 'my-pins', attribution: 'Photo by Sam Example', url: null },
      license: { name: 'CC BY 4.0', url: 'https://creativecommons.org/licenses/by/4.0/' },
      popularity: 1,
    });
    expect(scan.items[1]!.draft).toMatchObject({
      description: '',
      source: MANIFEST_DEFAULTS.source,
      license: MANIFEST_DEFAULTS.license,
      popularity: 0.7106,
    });
    expect(scan.items[2]!.draft).toMatchObject({ popularity: 0 });
    // English pins carry no languages.
    for (const item of scan.items) expect(item.draft).not.toHaveProperty('langs');
  });

  it('reads the multilingual example: languages per pin and per field, skipped with a reason when bad', () => {
    const file = path.join(tmp, 'multilingual.jsonl');
    const lines = fs.readFileSync(MULTILINGUAL, 'utf8').trimEnd().split('\n');
    fs.writeFileSync(
      file,
      [...lines, '{"id":"bad","title":"Chien","image":"c.png","lang":"french"}'].join('\n'),
    );
    const scan = scanManifest({ manifestPath: file });
    const langsOf = (draft: PinDraft | Skip) => [
      (draft as PinDraft).id,
      (draft as PinDraft).langs ?? null,
    ];
    expect(scan.items.map((i) => langsOf(i.draft))).toEqual([
      ['es-perro', { title: 'es', description: 'es', tags: 'es' }],
      ['de-schmetterling', { title: 'de', description: 'de', tags: 'de' }],
      ['ja-hana', { title: 'ja', description: 'ja', tags: 'ja' }],
      ['ja-neko', { title: 'ja', tags: 'ja' }],
      ['en-dog', null],
    ]);
    expect(scan.rejected).toEqual([
      {
        ref: 'multilingual.jsonl:6',
        skip: {
          skip: 'invalid manifest line',
          detail:
            'line 6: lang: "french" is not a BCP 47 language tag (e.g. "es", "pt-BR", "zh-Hant", "ja")',
        },
      },
    ]);
  });

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'inspo-manifest-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('rejects bad lines with file:line refs and applies limit to valid lines', () => {
    const file = path.join(tmp, 'pins.jsonl');
    fs.writeFileSync(
      file,
      [
        '{"id":"a","title":"A","image":"a.png"}',
        'oops',
        '{"id":"b","title":"B","image":"b.png"}',
      ].join('\n'),
    );
    const scan = scanManifest({ manifestPath: file, limit: 1 });
    expect(scan.items.map((i) => i.ref)).toEqual(['pins.jsonl:1']);
    expect(scan.rejected).toEqual([
      {
        ref: 'pins.jsonl:2',
        skip: {
          skip: 'invalid manifest line',
          detail: expect.stringMatching(/^line 2: invalid JSON/u),
        },
      },
    ]);
  });
});
