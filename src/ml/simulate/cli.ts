/**
 * `tsx src/ml/simulate/cli.ts [--users N] [--seed N] [--out DIR]`: writes simulated logs to disk,
 * the way a team would receive real ones: DIR/events/<user>.jsonl (one engagement export per
 * user, the browser's schema — `npm run train -- --events DIR/events/<user>.jsonl` reads them)
 * and DIR/impressions.jsonl (what each user was shown, with the hidden relevance grades).
 * Defaults: 20 users, seed 42, <INSPO_DATA_DIR>/sim.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { serializeEngagementJsonl } from '@/ranking/engagement';
import { openSearchService } from '@/server/service/search-service';
import { loadCorpus } from './corpus';
import { serializeImpressionsJsonl } from './impressions';
import { simulate } from './simulate';
import { indexCorpus } from './users';

const { values } = parseArgs({
  options: { users: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' } },
});
const dataDir = path.resolve(process.env.INSPO_DATA_DIR ?? 'data');
const outDir = path.resolve(values.out ?? path.join(dataDir, 'sim'));
const users = Number(values.users ?? 20);
const seed = Number(values.seed ?? 42);
if (!Number.isInteger(users) || users < 1 || !Number.isInteger(seed))
  throw new Error('--users and --seed take whole numbers');

const engine = openSearchService({ dataDir });
try {
  const logs = simulate({ index: indexCorpus(loadCorpus(dataDir)), engine, users, seed });
  fs.mkdirSync(path.join(outDir, 'events'), { recursive: true });
  for (const log of logs)
    fs.writeFileSync(
      path.join(outDir, 'events', `${log.user.id}.jsonl`),
      serializeEngagementJsonl(log.events),
    );
  fs.writeFileSync(
    path.join(outDir, 'impressions.jsonl'),
    serializeImpressionsJsonl(logs.flatMap((l) => l.impressions)),
  );
  const events = logs.reduce((n, l) => n + l.events.length, 0);
  console.log(
    `${users} users, ${events} events, ${logs.reduce((n, l) => n + l.impressions.length, 0)} impressions → ${outDir}`,
  );
} finally {
  engine.close();
}
