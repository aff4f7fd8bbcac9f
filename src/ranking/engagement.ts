/**
 * The on-device engagement log's event: one schema shared by the browser (which records and
 * exports it), the trainer (which reads real exports instead of simulated ones) and the feature
 * builder. The pin's category, colour and embedding are copied in when the event is logged, so
 * a history can be turned into features without refetching pins.
 */
import { z } from 'zod';
import { HexColorSchema } from '@/contract/api';
import { MAX_EVENT_TAGS } from './event-tags';
import { isModuleEventLine, ModuleEventSchema, type ModuleEvent } from './module-engagement';

// Re-exported so a lazy reader of the log loads one chunk for both schemas.
export { ModuleEventSchema };
/**
 * Tags kept per event: a pin's first tags in the index's order (the source's own order, not
 * ranked by how telling they are; event-tags.ts, where it lives zod-free for the browser).
 */
export { MAX_EVENT_TAGS };

export const ENGAGEMENT_SCHEMA_VERSION = 1;
export const ENGAGEMENT_TYPES = ['click', 'save', 'hide', 'dwell'] as const;
export type EngagementType = (typeof ENGAGEMENT_TYPES)[number];

export const EngagementEventSchema = z.object({
  v: z.literal(ENGAGEMENT_SCHEMA_VERSION),
  type: z.enum(ENGAGEMENT_TYPES),
  pinId: z.string().min(1),
  /** Milliseconds since the epoch. */
  at: z.number().finite().nonnegative(),
  /** The query the pin was found under ('' when it was not opened from a search). */
  query: z.string(),
  /** Time on the closeup, for `dwell` events. */
  dwellMs: z.number().finite().nonnegative().optional(),
  category: z.string(),
  dominantColor: HexColorSchema,
  /** Candidate.embedding at the time of the event (base64 int8), null when the index had none. */
  embedding: z.string().nullable(),
  /**
   * The pin's own tags at the time of the event (at most MAX_EVENT_TAGS), so the sequence model
   * can tell which of a candidate's tags the user engaged with. Absent on older logs.
   */
  tags: z.array(z.string().min(1)).max(MAX_EVENT_TAGS).optional(),
  /**
   * For `save` events: what a tile of the device's "From your saves" module draws (title and
   * thumbnail), so that module never asks the server which pins were saved. Absent on older logs.
   */
  display: z
    .object({
      title: z.string(),
      imageUrl: z.string().min(1),
      imageUrl2x: z.string().min(1),
      width: z.number().int().positive(),
      height: z.number().int().positive(),
    })
    .optional(),
});
export type EngagementEvent = z.infer<typeof EngagementEventSchema>;

export interface JsonlLineError {
  /** 1-based line number in the input. */
  line: number;
  message: string;
}

export interface ParsedEngagementLog {
  events: EngagementEvent[];
  /** Lines about the results page's modules (module-engagement.ts); the trainer reads none. */
  moduleEvents: ModuleEvent[];
  errors: JsonlLineError[];
}

const issueText = (issues: readonly { path: PropertyKey[]; message: string }[]): string =>
  issues.map((i) => `${i.path.map(String).join('.') || '(event)'}: ${i.message}`).join('; ');

/** Blank lines are allowed (a trailing newline, hand edits); everything else must be an event. */
export function parseEngagementJsonl(text: string): ParsedEngagementLog {
  const events: EngagementEvent[] = [];
  const moduleEvents: ModuleEvent[] = [];
  const errors: JsonlLineError[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      errors.push({ line, message: `not JSON (${(error as Error).message})` });
      return;
    }
    if (isModuleEventLine(value)) {
      const parsed = ModuleEventSchema.safeParse(value);
      if (parsed.success) moduleEvents.push(parsed.data);
      else errors.push({ line, message: issueText(parsed.error.issues) });
      return;
    }
    const parsed = EngagementEventSchema.safeParse(value);
    if (parsed.success) {
      events.push(parsed.data);
      return;
    }
    errors.push({ line, message: issueText(parsed.error.issues) });
  });
  return { events, moduleEvents, errors };
}

/** Like parseEngagementJsonl but all-or-nothing: throws listing every bad line. */
export function parseEngagementJsonlStrict(text: string): EngagementEvent[] {
  const { events, errors } = parseEngagementJsonl(text);
  if (errors.length > 0) {
    throw new Error(
      `Invalid engagement log:\n${errors.map((e) => `  line ${e.line}: ${e.message}`).join('\n')}`,
    );
  }
  return events;
}

/**
 * One event per line with a trailing newline; keys in schema order so exports diff cleanly. Module
 * events, when given, follow the pin events (each line says which it is by its `type`).
 */
export function serializeEngagementJsonl(
  events: readonly EngagementEvent[],
  moduleEvents: readonly ModuleEvent[] = [],
): string {
  return [
    ...events.map((e) => EngagementEventSchema.parse(e)),
    ...moduleEvents.map((e) => ModuleEventSchema.parse(e)),
  ]
    .map((e) => `${JSON.stringify(e)}\n`)
    .join('');
}
