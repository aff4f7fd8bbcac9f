import {
  useLayoutEffect,
  useMemo,
  useState,
  type FocusEvent,
  type KeyboardEvent,
  type RefObject,
} from 'react';

/**
 * The ARIA feed keyboard pattern over a virtualized grid: PageDown/PageUp move
 * focus to the next/previous card that has data. The focused card, and the one
 * focus is moving to, stay mounted even when outside the rendered window.
 */
export function useFeedFocus({
  containerRef,
  visible,
  count,
  isFocusable,
}: {
  containerRef: RefObject<HTMLElement | null>;
  /** Indices the virtualizer wants mounted. */
  visible: readonly number[];
  /** Number of slots in the feed. */
  count: number;
  /** Whether the slot at an index is a real card (not a dropped page's placeholder). */
  isFocusable: (index: number) => boolean;
}) {
  const [focusedIndex, setFocusedIndex] = useState<number | null>(null);
  const [focusRequest, setFocusRequest] = useState<number | null>(null);

  const rendered = useMemo(() => {
    const set = new Set(visible);
    if (focusedIndex !== null && focusedIndex < count) set.add(focusedIndex);
    if (focusRequest !== null && focusRequest < count) set.add(focusRequest);
    return [...set].sort((a, b) => a - b);
  }, [visible, focusedIndex, focusRequest, count]);

  useLayoutEffect(() => {
    if (focusRequest === null) return;
    containerRef.current
      ?.querySelector<HTMLElement>(`[data-feed-index="${focusRequest}"]`)
      ?.focus();
    setFocusRequest(null);
  }, [focusRequest, containerRef]);

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key !== 'PageDown' && event.key !== 'PageUp') return;
    const card = (event.target as HTMLElement).closest<HTMLElement>('[data-feed-index]');
    if (!card) return;
    event.preventDefault();
    const step = event.key === 'PageDown' ? 1 : -1;
    for (let i = Number(card.dataset.feedIndex) + step; i >= 0 && i < count; i += step) {
      if (isFocusable(i)) {
        setFocusRequest(i);
        return;
      }
    }
  };
  const onFocus = (event: FocusEvent<HTMLElement>) => {
    const index = (event.target as HTMLElement).dataset.feedIndex;
    if (index !== undefined) setFocusedIndex(Number(index));
  };
  const onBlur = (event: FocusEvent<HTMLElement>) => {
    if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setFocusedIndex(null);
  };

  return { rendered, handlers: { onKeyDown, onFocus, onBlur } };
}
