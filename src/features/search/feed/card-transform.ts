import type { Rect } from '@/lib/masonry/layout';

/**
 * Where a card of the masonry grid goes. The layout's x runs from the grid's start edge, and
 * cards are anchored there (inset-inline-start, search.css): right to left (Arabic, Hebrew), the
 * first column is the rightmost and x grows leftwards. The app renders afresh when <html dir>
 * changes (a language switch), so reading it at render time is enough.
 */
export function cardTransform(rect: Pick<Rect, 'left' | 'top'>): string {
  const rtl = globalThis.document?.documentElement.dir === 'rtl';
  return `translate(${rtl ? -rect.left : rect.left}px, ${rect.top}px)`;
}
