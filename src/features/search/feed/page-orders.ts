/**
 * The order each page of a feed was first shown in. A page is personalized
 * once, before it is shown; when the infinite query drops it (maxPages) and
 * later refetches it, or the reader comes Back, it is shown in that same order
 * so the ledger's slots still match. Pure: no React.
 */

export interface PageOrder {
  /** Ids in display order (hidden pins already left out). */
  ids: readonly string[];
  /** Every id the page had when it was ordered: an id outside it is new (the index changed). */
  known: ReadonlySet<string>;
}

export function pageOrder(
  shown: readonly { id: string }[],
  all: readonly { id: string }[],
): PageOrder {
  return { ids: shown.map((i) => i.id), known: new Set(all.map((i) => i.id)) };
}

/**
 * Puts `items` (server order) into the remembered order. Items the page did not
 * have back then follow in server order; remembered items that are gone are skipped;
 * items left out back then (hidden) stay out.
 */
export function applyPageOrder<T extends { id: string }>(
  items: readonly T[],
  order: PageOrder,
): T[] {
  const byId = new Map(items.map((item) => [item.id, item]));
  const ordered: T[] = [];
  for (const id of order.ids) {
    const item = byId.get(id);
    if (item) ordered.push(item);
  }
  for (const item of items) if (!order.known.has(item.id)) ordered.push(item);
  return ordered;
}

/**
 * Position of each loaded page in the whole result list (0 = first page), from
 * the cursors: the first page's cursor is null, and neighbours differ by one.
 * Pages whose position cannot be derived get null.
 */
export function pageOrdinals(
  pageParams: readonly unknown[],
  rememberedAt: (index: number) => number | undefined,
): (number | null)[] {
  const ordinals = pageParams.map((param, i) => (param === null ? 0 : (rememberedAt(i) ?? null)));
  for (let i = 1; i < ordinals.length; i += 1)
    if (ordinals[i] === null && ordinals[i - 1] !== null) ordinals[i] = ordinals[i - 1]! + 1;
  for (let i = ordinals.length - 2; i >= 0; i -= 1)
    if (ordinals[i] === null && ordinals[i + 1] !== null) ordinals[i] = ordinals[i + 1]! - 1;
  return ordinals;
}
