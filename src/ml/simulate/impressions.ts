/**
 * Impression log: what a user was shown (the server's page, in order) and what they did with it.
 * The simulator writes it next to the engagement JSONL; the trainer turns each impression into
 * one ranked list. `grades` (the simulator's hidden relevance) is only there for evaluation.
 */
import { z } from 'zod';

export const ImpressionItemSchema = z.object({
  id: z.string(),
  serverScore: z.number(),
  lexicalScore: z.number(),
  semanticScore: z.number(),
});
export type ImpressionItem = z.infer<typeof ImpressionItemSchema>;

export const ImpressionSchema = z.object({
  user: z.string(),
  /** When the page was shown (ms epoch): history features only see events before it. */
  at: z.number(),
  query: z.string(),
  items: z.array(ImpressionItemSchema),
  /** Indices into items. */
  clicked: z.array(z.number().int().nonnegative()),
  saved: z.array(z.number().int().nonnegative()),
  hidden: z.array(z.number().int().nonnegative()),
  /** Time on the closeup per clicked item (aligned with `clicked`), when known. */
  dwellMs: z.array(z.number().nonnegative()).optional(),
  /** Simulated users only: graded relevance (0–3) per item. */
  grades: z.array(z.number()).optional(),
  /**
   * Server rank of each shown item in the query's candidate pool (absent: the page is the pool's
   * head in server order, rank = index). Exploration pages show a shuffled sample of the pool.
   */
  ranks: z.array(z.number().int().nonnegative()).optional(),
  /** Evaluation only: graded relevance of every pool candidate, in server order. */
  poolGrades: z.array(z.number()).optional(),
});
export type Impression = z.infer<typeof ImpressionSchema>;

export function parseImpressionsJsonl(text: string): Impression[] {
  const out: Impression[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    const parsed = ImpressionSchema.safeParse(JSON.parse(line));
    if (!parsed.success)
      throw new Error(`impressions line ${i + 1}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    out.push(parsed.data);
  });
  return out;
}

export const serializeImpressionsJsonl = (impressions: readonly Impression[]): string =>
  impressions.map((i) => `${JSON.stringify(i)}\n`).join('');
