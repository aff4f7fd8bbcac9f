/**
 * Roving tabindex for the chip toolbar (WAI-ARIA APG toolbar): one chip is in the Tab order,
 * arrow keys move between chips (wrapping), Home/End jump to the ends.
 *
 * The arrows follow the screen, not the reading order: right to left (Arabic, Hebrew), the next
 * chip sits to the left of the current one, so ArrowLeft moves to it and ArrowRight back.
 */
export type InlineDirection = 'ltr' | 'rtl';

export function nextRovingIndex(
  key: string,
  current: number,
  count: number,
  direction: InlineDirection = 'ltr',
): number | null {
  if (count === 0) return null;
  const forward = direction === 'rtl' ? 'ArrowLeft' : 'ArrowRight';
  const back = direction === 'rtl' ? 'ArrowRight' : 'ArrowLeft';
  switch (key) {
    case forward:
      return (current + 1) % count;
    case back:
      return (current - 1 + count) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}

/** The inline direction an element is laid out in (its computed `direction`). */
export const directionOfElement = (element: Element): InlineDirection =>
  getComputedStyle(element).direction === 'rtl' ? 'rtl' : 'ltr';
