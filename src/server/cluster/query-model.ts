/**
 * The query-side model of a build: what Inspo's API server needs besides the pins to answer a
 * search — the spelling/synonym vocabulary (folded word → pins using it), the word vectors of the
 * query encoder, the completion index of suggest, how many pins carry each tag (sent with the
 * candidate pools) — and what /api/health reports of the build.
 *
 * The embedded engine reads these from its SQLite file. On the cluster they travel inside the
 * collection itself, as a few `kind:model` documents (gzip'd JSON cut into chunks), so a build's
 * pins and the model they were indexed with switch together when the alias moves, and an API
 * replica needs nothing on local disk to serve searches.
 */
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { base64ToBytes, bytesToBase64 } from '@/ranking/embedding';
import type { TagPins } from '@/server/engine/tag-pins';
import type { EngineInfo } from '@/server/engine/types';
import type { Vocabulary } from '@/server/query/vocabulary';
import type { PrefixIndexSnapshot } from '@/server/suggest/prefix-index';
import type { CorpusKind } from '@/server/suggest/suggestion-kind';
import { MODEL_KIND } from './documents';

export interface QueryModel {
  info: EngineInfo;
  vocabulary: Vocabulary;
  words: ReadonlyMap<string, Float32Array>;
  completions: PrefixIndexSnapshot | null;
  /**
   * Whether the collection's pins carry the `crosslingual` text field (pins in other languages,
   * ingest/lexicon/pin-translation.ts); false for collections published before it.
   */
  crosslingual: boolean;
  /**
   * Tag → pins of the build carrying it (engine/tag-pins.ts), what a candidate pool sends beside
   * each candidate's tags; absent in models published before it (their pools then send none).
   */
  tagPins?: TagPins;
}

export const MODEL_META_ID = '__model__';
const chunkId = (i: number): string => `${MODEL_META_ID}/chunk/${i}`;
/** Base64 characters per chunk document. */
const CHUNK_CHARS = 1_000_000;
/** Chunks asked for per read by id. */
const CHUNKS_PER_GET = 8;

interface WireModel {
  info: EngineInfo;
  /** Absent in models written before the field existed. */
  crosslingual?: boolean;
  /** Absent in models written before the field existed. */
  tagPins?: [string, number][];
  vocabulary: [string, number][];
  words: [string, string][];
  completions: {
    completions: [string, CorpusKind, number, string][];
    entryCompletion: string;
    entryOffset: string;
    buckets: [string, string][];
  } | null;
}

export interface ModelMeta {
  chunks: number;
  sha256: string;
  info: EngineInfo;
}

export interface ModelDocument {
  id: string;
  kind: typeof MODEL_KIND;
  model_part: 'meta' | 'chunk';
  model_data: string;
}

const bytesOf = (a: Int32Array | Float32Array): Uint8Array =>
  new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

function int32From(b64: string): Int32Array {
  const bytes = base64ToBytes(b64);
  const out = new Int32Array(bytes.byteLength / 4);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

function float32From(b64: string): Float32Array {
  const bytes = base64ToBytes(b64);
  const out = new Float32Array(bytes.byteLength / 4);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

/** The model as documents: one meta document, then the chunks of the gzip'd JSON. */
export function modelDocuments(model: QueryModel): ModelDocument[] {
  const wire: WireModel = {
    info: model.info,
    crosslingual: model.crosslingual,
    ...(model.tagPins ? { tagPins: [...model.tagPins] } : {}),
    vocabulary: [...model.vocabulary],
    words: [...model.words].map(([w, v]) => [w, bytesToBase64(bytesOf(v))]),
    completions: model.completions && {
      completions: model.completions.completions.map((c) => [c.text, c.kind, c.weight, c.key]),
      entryCompletion: bytesToBase64(bytesOf(model.completions.entryCompletion)),
      entryOffset: bytesToBase64(bytesOf(model.completions.entryOffset)),
      buckets: [...model.completions.buckets].map(([p, e]) => [p, bytesToBase64(bytesOf(e))]),
    },
  };
  const packed = gzipSync(JSON.stringify(wire)).toString('base64');
  const chunks: string[] = [];
  for (let i = 0; i < packed.length; i += CHUNK_CHARS)
    chunks.push(packed.slice(i, i + CHUNK_CHARS));
  const meta: ModelMeta = {
    chunks: chunks.length,
    sha256: createHash('sha256').update(packed).digest('hex'),
    info: model.info,
  };
  return [
    { id: MODEL_META_ID, kind: MODEL_KIND, model_part: 'meta', model_data: JSON.stringify(meta) },
    ...chunks.map((data, i): ModelDocument => ({
      id: chunkId(i),
      kind: MODEL_KIND,
      model_part: 'chunk',
      model_data: data,
    })),
  ];
}

/** Reads a model written by modelDocuments through `get` (ids → documents). */
export async function readModel(
  get: (ids: readonly string[]) => Promise<{ id: string; model_data?: string }[]>,
): Promise<QueryModel | null> {
  const [metaDoc] = await get([MODEL_META_ID]);
  if (!metaDoc?.model_data) return null;
  const meta = JSON.parse(metaDoc.model_data) as ModelMeta;
  const ids = Array.from({ length: meta.chunks }, (_, i) => chunkId(i));
  const byId = new Map<string, string>();
  for (let i = 0; i < ids.length; i += CHUNKS_PER_GET) {
    for (const doc of await get(ids.slice(i, i + CHUNKS_PER_GET)))
      if (doc.model_data !== undefined) byId.set(doc.id, doc.model_data);
  }
  const packed = ids
    .map((id) => {
      const chunk = byId.get(id);
      if (chunk === undefined) throw new Error(`the query model lacks its part ${id}`);
      return chunk;
    })
    .join('');
  if (createHash('sha256').update(packed).digest('hex') !== meta.sha256)
    throw new Error('the query model is corrupt (its checksum does not match)');
  const wire = JSON.parse(gunzipSync(Buffer.from(packed, 'base64')).toString('utf8')) as WireModel;
  return {
    info: wire.info,
    crosslingual: wire.crosslingual === true,
    ...(wire.tagPins ? { tagPins: new Map(wire.tagPins) } : {}),
    vocabulary: new Map(wire.vocabulary),
    words: new Map(wire.words.map(([w, b64]) => [w, float32From(b64)])),
    completions: wire.completions && {
      completions: wire.completions.completions.map(([text, kind, weight, key]) => ({
        text,
        kind,
        weight,
        key,
      })),
      entryCompletion: int32From(wire.completions.entryCompletion),
      entryOffset: int32From(wire.completions.entryOffset),
      buckets: new Map(wire.completions.buckets.map(([p, b64]) => [p, int32From(b64)])),
    },
  };
}
