/**
 * The query graph gives each related search a cover pin near the results, not always one of the
 * search's top candidates: those are read from the engine (a handful of primary-key reads on
 * the embedded engine; one request each on a cluster), so a tile never goes without its cover.
 */
import type { ModulePin } from '@/contract/api';
import type { SearchBackend } from '@/server/engine/types';
import { modulePin } from './generate-modules';

export async function relatedCovers(
  engine: Pick<SearchBackend, 'getPin'>,
  tiles: readonly { coverId: string }[] | null,
  candidates: readonly { id: string }[],
): Promise<Map<string, ModulePin>> {
  const have = new Set(candidates.map((c) => c.id));
  const missing = [...new Set((tiles ?? []).map((t) => t.coverId))].filter((id) => !have.has(id));
  const pins = await Promise.all(missing.map((id) => engine.getPin(id)));
  return new Map(pins.flatMap((pin) => (pin ? [[pin.id, modulePin(pin)] as const] : [])));
}
