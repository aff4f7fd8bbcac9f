/**
 * Roving tabindex for the chip toolbar (WAI-ARIA APG toolbar): one chip is in the Tab order,
 * arrow keys move between chips (wrapping), Home/End jump to the ends.
 */
export function nextRovingIndex(key: string, current: number, count: number): number | null {
  if (count === 0) return null;
  switch (key) {
    case 'ArrowRight':
      return (current + 1) % count;
    case 'ArrowLeft':
      return (current - 1 + count) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}
