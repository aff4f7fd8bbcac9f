import { describe, expect, it } from 'vitest';
import { MODEL_META_ID, modelDocuments, readModel, type QueryModel } from './query-model';

const model: QueryModel = {
  info: {
    pins: 3,
    sources: { openmoji: 3 },
    version: 2,
    builtAt: '2026-01-01T00:00:00.000Z',
    buildMs: 12,
  },
  vocabulary: new Map([
    ['cat', 2],
    ['café', 1],
  ]),
  words: new Map([['cat', new Float32Array([0.6, -0.8])]]),
  completions: {
    completions: [{ text: 'cat', kind: 'tag', weight: 2, key: 'cat' }],
    entryCompletion: new Int32Array([0]),
    entryOffset: new Int32Array([0]),
    buckets: new Map([['c', new Int32Array([0])]]),
  },
  crosslingual: true,
  tagPins: new Map([
    ['cat', 2],
    ['café', 1],
  ]),
};

/** The documents as an in-memory store answering reads by id. */
const storeOf = (docs: ReturnType<typeof modelDocuments>) => {
  const byId = new Map(docs.map((d) => [d.id, d]));
  return async (ids: readonly string[]) =>
    ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
};

describe('query model documents', () => {
  it('round-trips the vocabulary, word vectors, completions and build info', async () => {
    const docs = modelDocuments(model);
    expect(docs[0]).toMatchObject({ id: MODEL_META_ID, kind: 'model', model_part: 'meta' });
    const read = await readModel(storeOf(docs));
    expect(read?.info).toEqual(model.info);
    expect([...read!.vocabulary]).toEqual([...model.vocabulary]);
    expect([...read!.words.get('cat')!]).toEqual([...model.words.get('cat')!]);
    expect(read!.completions!.completions).toEqual(model.completions!.completions);
    expect([...read!.completions!.buckets.get('c')!]).toEqual([0]);
    expect(read!.crosslingual).toBe(true);
    expect([...read!.tagPins!]).toEqual([...model.tagPins!]);
  });

  it('reads a model written without tag counts as a build without them', async () => {
    const { tagPins: _tagPins, ...without } = model;
    const read = await readModel(storeOf(modelDocuments(without)));
    expect(read).not.toHaveProperty('tagPins');
    expect([...read!.vocabulary]).toEqual([...model.vocabulary]);
  });

  it('reads a model written before the crosslingual field as a collection without it', async () => {
    const docs = modelDocuments(model);
    const meta = JSON.parse(docs[0]!.model_data) as { chunks: number; sha256: string };
    // A wire model of the previous layout: no `crosslingual` key.
    const { gzipSync, gunzipSync } = await import('node:zlib');
    const { createHash } = await import('node:crypto');
    const packed = docs
      .slice(1)
      .map((d) => d.model_data)
      .join('');
    const wire = JSON.parse(gunzipSync(Buffer.from(packed, 'base64')).toString('utf8')) as Record<
      string,
      unknown
    >;
    delete wire.crosslingual;
    const old = gzipSync(JSON.stringify(wire)).toString('base64');
    const oldDocs = [
      {
        ...docs[0]!,
        model_data: JSON.stringify({
          ...meta,
          chunks: 1,
          sha256: createHash('sha256').update(old).digest('hex'),
        }),
      },
      { ...docs[1]!, model_data: old },
    ];
    expect((await readModel(storeOf(oldDocs)))!.crosslingual).toBe(false);
  });

  it('cuts a large model into chunks and refuses a corrupt one', async () => {
    const big: QueryModel = {
      ...model,
      vocabulary: new Map(
        Array.from({ length: 300_000 }, (_, i) => [`w${i}x${(i * 7919) % 104729}`, i]),
      ),
    };
    const docs = modelDocuments(big);
    expect(docs.length).toBeGreaterThan(2);
    expect((await readModel(storeOf(docs)))!.vocabulary.size).toBe(300_000);
    const corrupt = docs.map((d, i) =>
      i === 1 ? { ...d, model_data: `A${d.model_data.slice(1)}` } : d,
    );
    await expect(readModel(storeOf(corrupt))).rejects.toThrow('corrupt');
    await expect(readModel(storeOf(docs.slice(0, 1)))).rejects.toThrow('lacks its part');
  });

  it('answers null for a collection without a model', async () => {
    expect(await readModel(async () => [])).toBeNull();
  });
});
