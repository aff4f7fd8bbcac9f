/**
 * Module engagement: what the reader did with the results page's modules (a module seen on screen,
 * a tile opened or its carousel scrolled). Kept on the device beside the pin events of the
 * engagement log (engagement.ts), exported in the same JSONL file, and read by the device's module
 * ranking (module-ranking.ts) and the simulator. Never sent to the server.
 */
import { z } from 'zod';

export const MODULE_EVENT_VERSION = 1;
export const MODULE_EVENT_TYPES = ['module-view', 'module-click'] as const;
export type ModuleEventType = (typeof MODULE_EVENT_TYPES)[number];
/** What a click on a module was: a tile opened, or its carousel scrolled. */
export const MODULE_CLICK_ACTIONS = ['open', 'scroll'] as const;
export type ModuleClickAction = (typeof MODULE_CLICK_ACTIONS)[number];

export const ModuleEventSchema = z.object({
  v: z.literal(MODULE_EVENT_VERSION),
  type: z.enum(MODULE_EVENT_TYPES),
  /**
   * The module's kind (`narrow`, `related`, `shop`, `watch`, or `saves`, the device's own). Any
   * short name is accepted, so a log written by a newer build, with a kind this one does not
   * know, stays readable (its statistics are simply never asked for).
   */
  kind: z.string().min(1).max(40),
  /** The query whose results page showed the module. */
  query: z.string(),
  /** Milliseconds since the epoch. */
  at: z.number().finite().nonnegative(),
  /** Where the page showed it: its slot, the rows of result cards above it. */
  slot: z.number().int().nonnegative(),
  /** For `module-click`: what was done. */
  action: z.enum(MODULE_CLICK_ACTIONS).optional(),
});
export type ModuleEvent = z.infer<typeof ModuleEventSchema>;

/** Whether a parsed JSON line is meant as a module event (its `type` says so). */
export const isModuleEventLine = (value: unknown): boolean =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { type?: unknown }).type === 'string' &&
  (value as { type: string }).type.startsWith('module-');
