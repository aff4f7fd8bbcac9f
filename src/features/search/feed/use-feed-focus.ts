import {
  useLayoutEffect,
  useMemo,
  useState,
  type FocusEvent,
  type KeyboardEvent,
  type RefObject,
} from 'react';

/**
 * The ARIA feed keyboard pattern over a virtualized grid: PageDown/PageUp move focus to the
 * next/previous article, a card that has data or a block (the results page's modules, always
 * mounted) where it sits among the cards. The focused card, and the one focus is moving to, stay
 * mounted even when outside the rendered window.
 */
const STEPS: Partial<Record<string, 1 | -1>> = { PageDown: 1, PageUp: -1 };

export function useFeedFocus({
  containerRef,
  visible,
  count,
  isFocusable,
  blocks,
}: {
  containerRef: RefObject<HTMLElement | null>;
  /** Indices the virtualizer wants mounted. */
  visible: readonly number[];
  /** Number of slots in the feed. */
  count: number;
  /** Whether the slot at an index is a real card (not a dropped page's placeholder). */
  isFocusable: (index: number) => boolean;
  /**
   * The blocks' places, ascending: a block's `data-feed-index` is a fraction between those of the
   * cards before and after it.
   */
  blocks: readonly number[];
}) {
  const [focusedIndex, setFocusedIndex] = useState<number | null>(null);
  const [focusRequest, setFocusRequest] = useState<number | null>(null);

  const rendered = useMemo(() => {
    const set = new Set(visible);
    // A block's place is no card's (not an integer): blocks are always mounted.
    for (const index of [focusedIndex, focusRequest])
      if (Number.isInteger(index) && index! < count) set.add(index!);
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
    const step = STEPS[event.key];
    // A card or a block, also from a control inside one.
    const item = step && (event.target as HTMLElement).closest<HTMLElement>('[data-feed-index]');
    if (!item) return;
    event.preventDefault();
    // The feed's articles in reading order.
    const stops = [...blocks];
    for (let i = 0; i < count; i++) if (isFocusable(i)) stops.push(i);
    stops.sort((a, b) => a - b);
    const next = stops[stops.indexOf(+item.dataset.feedIndex!) + step];
    if (next !== undefined) setFocusRequest(next);
  };
  const onFocus = (event: FocusEvent<HTMLElement>) => {
    const index = (event.target as HTMLElement).dataset.feedIndex;
    if (index !== undefined) setFocusedIndex(+index);
  };
  const onBlur = (event: FocusEvent<HTMLElement>) => {
    if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setFocusedIndex(null);
  };

  return { rendered, handlers: { onKeyDown, onFocus, onBlur } };
}
