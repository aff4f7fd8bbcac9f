/**
 * "More like this": text only against text + image similarity (src/server/engine/semantic-related.ts
 * RELATED_VISUAL_WEIGHT), by held-out-tag NDCG@10.
 *
 * Judgments (bench/lib/held-out-tags.ts): up to 200 tags (in 6..150 pins each) are hidden from
 * half of their pins. A variant index is built from the modified pins (FTS, text embeddings and
 * HNSW trained without the hidden tags), with the source index's image embeddings copied in
 * (pixels know nothing of tags). Each pin that lost a tag is a seed (up to SEEDS_PER_TAG per tag):
 * its related pins are ranked, and the other pins that carried the tag are the relevant ones.
 * The blend's weight is chosen on the even-numbered tags and reported on the odd-numbered ones
 * (held out from the choice); the whole sweep is reported too.
 *
 * Source: $INSPO_DATA_DIR (the default index, `data`, when it has image embeddings), else the
 * test index. `npx tsx bench/related-visual-eval.ts`; writes bench/results/related-visual-eval.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { seededRandom } from '@/lib/random/seeded-random';
import { indexPath } from '@/server/engine/schema';
import { openSearchService } from '@/server/service/search-service';
import { RELATED_VISUAL_WEIGHT } from '@/server/engine/semantic-related';
import { writeIndex } from '@/server/ingest/index-writer';
import { ensureTestIndex } from '@/server/ingest/test-index';
import { buildEmbeddings } from '@/server/retrieval/build-embeddings';
import { hnswPathFor } from '@/server/retrieval/store';
import { loadVisualSearch } from '@/server/visual/visual-search';
import { holdOut, loadRows, NDCG_K, ndcgBinary, shuffle, toRecord } from './lib/held-out-tags';
import { writeResult } from './lib/results';

const SEED = 20_261_207;
const SEEDS_PER_TAG = 5;
const WEIGHTS = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.7, 1];

function hasImageEmbeddings(dataDir: string): boolean {
  if (!fs.existsSync(indexPath(dataDir))) return false;
  const db = new Database(indexPath(dataDir), { readonly: true });
  try {
    return Boolean(
      db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'pin_image_embedding'").get() &&
      db.prepare('SELECT 1 FROM pin_image_embedding LIMIT 1').get(),
    );
  } finally {
    db.close();
  }
}

async function sourceDir(): Promise<{ dir: string; which: string }> {
  if (process.env.INSPO_DATA_DIR)
    return { dir: process.env.INSPO_DATA_DIR, which: process.env.INSPO_DATA_DIR };
  if (hasImageEmbeddings('data')) return { dir: 'data', which: 'default index (data)' };
  return { dir: await ensureTestIndex(), which: 'test index (OpenMoji)' };
}

const mean = (xs: readonly number[]) =>
  xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length;
const r4 = (x: number) => Number(x.toFixed(4));

async function main() {
  const { dir, which } = await sourceDir();
  if (!hasImageEmbeddings(dir))
    throw new Error(`${dir} has no image embeddings: build it with the image model first`);
  const load = os.loadavg().map((x) => Number(x.toFixed(2)));
  const rows = loadRows(dir);
  const random = seededRandom(SEED);
  const { queries, tagsById } = holdOut(rows, random);

  const variant = fs.mkdtempSync(path.join(os.tmpdir(), 'inspo-related-visual-'));
  try {
    const started = performance.now();
    writeIndex({
      dataDir: variant,
      records: rows.map((r) => toRecord(r, tagsById.get(r.id)!)),
      sources: {},
      startedAt: started,
      fingerprint: 'related-visual-eval',
      afterWrite: (db, dbPath) => buildEmbeddings(db, { hnswPath: hnswPathFor(dbPath) }),
    });
    // The pixels' embeddings, as the source index has them (they never saw a tag).
    const target = new Database(indexPath(variant));
    target.exec(
      `ATTACH DATABASE '${path.resolve(indexPath(dir)).replaceAll("'", "''")}' AS source`,
    );
    target.exec(
      'CREATE TABLE IF NOT EXISTS pin_image_embedding (pin TEXT PRIMARY KEY, vec BLOB NOT NULL)',
    );
    target.exec('DELETE FROM pin_image_embedding');
    target.exec('INSERT INTO pin_image_embedding SELECT pin, vec FROM source.pin_image_embedding');
    target.exec(
      "INSERT OR REPLACE INTO meta SELECT key, value FROM source.meta WHERE key LIKE 'image%'",
    );
    target.exec('DETACH DATABASE source');
    target.close();
    const buildS = (performance.now() - started) / 1000;

    const visual = loadVisualSearch(variant);
    if (!visual) throw new Error('the variant index has no image embeddings');
    const seedsOf = queries.map((q) =>
      shuffle([...q.hidden].sort(), random).slice(0, SEEDS_PER_TAG),
    );
    const sweep: { weight: number; all: number; tuning: number; heldOut: number; seeds: number }[] =
      [];
    for (const weight of WEIGHTS) {
      // The service the HTTP route answers with (its result cache off: every seed is first seen).
      const engine = openSearchService({
        dataDir: variant,
        visual,
        relatedVisualWeight: weight,
        resultCache: false,
      });
      const byQuery = queries.map((q, i) => {
        const scores = seedsOf[i]!.map((seed) => {
          const ranked =
            engine.related({ id: seed, offset: 0, limit: NDCG_K })?.items.map((p) => p.id) ?? [];
          const relevant = new Set([...q.relevant].filter((id) => id !== seed));
          return ndcgBinary(ranked, relevant);
        });
        return { scores, mean: mean(scores) };
      });
      engine.close();
      const pick = (parity: number) =>
        mean(byQuery.filter((_, i) => i % 2 === parity).flatMap((q) => q.scores));
      sweep.push({
        weight,
        all: r4(mean(byQuery.flatMap((q) => q.scores))),
        tuning: r4(pick(0)),
        heldOut: r4(pick(1)),
        seeds: byQuery.reduce((n, q) => n + q.scores.length, 0),
      });
      console.log(
        `weight ${weight}: NDCG@10 ${sweep.at(-1)!.all} (tuning ${sweep.at(-1)!.tuning}, held out ${sweep.at(-1)!.heldOut})`,
      );
    }
    const textOnly = sweep.find((s) => s.weight === 0)!;
    const chosen = sweep
      .filter((s) => s.weight > 0 && s.weight < 1)
      .reduce((a, b) => (b.tuning > a.tuning ? b : a));
    const shipped = sweep.find((s) => s.weight === RELATED_VISUAL_WEIGHT);
    const file = writeResult('related-visual-eval', {
      description:
        `"More like this", held-out-tag NDCG@${NDCG_K} on ${which}: ${queries.length} tags hidden from half their pins, ` +
        `a variant index built without them (image embeddings copied from the source), up to ${SEEDS_PER_TAG} seeds a tag ` +
        '(pins that lost the tag); relevant = the other pins with the tag. Weight chosen on even-numbered tags, reported on odd-numbered.',
      loadAverage: { before: load, after: os.loadavg().map((x) => Number(x.toFixed(2))) },
      variantBuildS: Number(buildS.toFixed(1)),
      pinsWithImageEmbeddings: visual.size,
      textOnly,
      chosenOnTuningHalf: chosen,
      shipped: shipped ?? null,
      heldOutGain: r4(chosen.heldOut / textOnly.heldOut - 1),
      sweep,
    });
    console.log(
      `text only ${textOnly.heldOut} → text + image (weight ${chosen.weight}, chosen on the other half) ${chosen.heldOut} on the held-out half; wrote ${file}`,
    );
  } finally {
    fs.rmSync(variant, { recursive: true, force: true });
  }
}

await main();
