/**
 * /api/health's `indexing` part (api.ts): the first run's background build
 * (src/server/ingest/background-build.ts). The server already answers from the first source's
 * index while the complete one is built, then swaps it in; the app shows a quiet notice meanwhile.
 */
import { z } from 'zod';

export const IndexingStatusSchema = z.object({
  state: z.enum(['building', 'done', 'failed']),
  /** The sources the complete index holds. */
  sources: z.array(z.string()),
  phase: z.enum(['scan', 'images', 'write']).nullable(),
  /** Images processed of `total` (all sources; ones already in the thumbnail cache count at once). */
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  /** Why it failed; null otherwise. */
  error: z.string().nullable(),
});
export type IndexingStatus = z.infer<typeof IndexingStatusSchema>;
