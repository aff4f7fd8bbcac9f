import {
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type FocusEvent,
  type KeyboardEvent,
} from 'react';
import type { Refinement } from '@/contract/api';
import { MAX_REFINEMENTS } from '@/contract/constants';
import { buildChips, toggleRefinement, type Chip } from './chip-model';
import { scrollStep } from './rail-overflow';
import { directionOfElement, nextRovingIndex } from './roving-focus';
import { useRailOverflow } from './use-rail-overflow';
import './refinements.css';
import { t } from '@/lib/i18n/i18n';

export interface ChipRailProps {
  /** The current response's refinements (the previous response's while the next one loads). */
  refinements: readonly Refinement[];
  /** Active refinement values, from the URL. */
  active: readonly string[];
  /** Called with the new list of active values when a chip is pressed. */
  onChange: (next: string[]) => void;
  /** True while `refinements` belong to the previous response. */
  stale?: boolean;
}

const suggestionsKey = (refinements: readonly Refinement[]) =>
  refinements.map((r) => r.value).join('\n');

function ChipButton({
  chip,
  tabbable,
  register,
  onPress,
}: {
  chip: Chip;
  tabbable: boolean;
  register: (value: string, el: HTMLButtonElement | null) => void;
  onPress: (value: string, byPointer: boolean) => void;
}) {
  return (
    <button
      ref={(el) => register(chip.value, el)}
      type="button"
      className="refine-chip"
      data-kind={chip.kind}
      data-value={chip.value}
      aria-pressed={chip.pressed}
      tabIndex={tabbable ? 0 : -1}
      // detail is 0 for a click made with Space or Enter.
      onClick={(event) => onPress(chip.value, event.detail > 0)}
    >
      {chip.swatch && (
        <span
          className="refine-chip__swatch"
          style={{ background: chip.swatch }}
          aria-hidden="true"
        />
      )}
      <span className="refine-chip__label">{chip.label}</span>
      {chip.pressed && (
        <svg
          className="refine-chip__remove"
          viewBox="0 0 24 24"
          aria-hidden="true"
          focusable="false"
        >
          <path d="M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12l5.6 5.6-1.4 1.4-5.6-5.6L6.4 19 5 17.6l5.6-5.6L5 6.4z" />
        </svg>
      )}
    </button>
  );
}

/**
 * The refinement chips above the grid: a toolbar of toggle buttons with one Tab stop (arrow
 * keys, Home and End move between chips), scrollable sideways, with scroll buttons while it
 * overflows. The rail stays mounted while refinements change, so its scroll position holds.
 */
export function ChipRail({ refinements, active, onChange, stale = false }: ChipRailProps) {
  // Remember every refinement this page has shown, so an active chip keeps its label and
  // swatch once the narrowed response stops listing it.
  const [known, setKnown] = useState(() => new Map<string, Refinement>());
  const [knownFrom, setKnownFrom] = useState<readonly Refinement[] | null>(null);
  // Counts changes of the suggestions: chips are new elements for each (see their key below).
  // By content: the same response fetched again (scrolling back up to it) changes nothing.
  const [generation, setGeneration] = useState(0);
  if (knownFrom !== refinements) {
    setKnownFrom(refinements);
    if (suggestionsKey(refinements) !== suggestionsKey(knownFrom ?? [])) {
      setGeneration((g) => g + 1);
    }
    if (refinements.some((r) => known.get(r.value) !== r)) {
      setKnown(new Map([...known, ...refinements.map((r) => [r.value, r] as const)]));
    }
  }

  const chips = useMemo(
    () => buildChips({ refinements, active, known }),
    [refinements, active, known],
  );
  const [focusValue, setFocusValue] = useState<string | null>(null);
  const focusIndex = Math.max(
    0,
    chips.findIndex((c) => c.value === focusValue),
  );

  const [scroller, setScroller] = useState<HTMLDivElement | null>(null);
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  const focusInside = useRef(false);
  const pressedByPointer = useRef(false);
  const edges = useRailOverflow(scroller, chips);

  /** A chip whose element had focus when it was replaced by a new one (see the key below). */
  const refocusValue = useRef<string | null>(null);

  const register = (value: string, el: HTMLButtonElement | null) => {
    if (el) {
      buttons.current.set(value, el);
      return;
    }
    // React detaches the ref before it removes the element, so focus is still on it here.
    if (buttons.current.get(value) === document.activeElement) refocusValue.current = value;
    buttons.current.delete(value);
  };

  // Pressing a chip reorders the rail (active chips first) and may drop the chip: keep focus
  // on it, or on the first chip, rather than losing it to <body>. A pointer press keeps the
  // rail where it was scrolled; a keyboard press scrolls the focused chip into view.
  useLayoutEffect(() => {
    if (!focusInside.current) return;
    const target = buttons.current.get(chips[focusIndex]?.value ?? '');
    if (target && document.activeElement !== target) {
      target.focus({ preventScroll: pressedByPointer.current });
    }
  }, [chips, focusIndex]);

  // A focused chip re-created under a new key hands focus to its successor, whatever the
  // browser did with focus when the old element left the document.
  useLayoutEffect(() => {
    const value = refocusValue.current;
    if (value === null) return;
    refocusValue.current = null;
    const target = buttons.current.get(value) ?? buttons.current.get(chips[0]?.value ?? '');
    if (target && document.activeElement !== target) target.focus({ preventScroll: true });
  });

  if (chips.length === 0) return null;

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    // Arrows move in the direction they point: leftwards is "next" right to left.
    const next = nextRovingIndex(
      event.key,
      focusIndex,
      chips.length,
      directionOfElement(event.currentTarget),
    );
    if (next === null) return;
    event.preventDefault();
    const value = chips[next]!.value;
    setFocusValue(value);
    buttons.current.get(value)?.focus();
  };

  const onFocus = (event: FocusEvent<HTMLDivElement>) => {
    focusInside.current = true;
    const value = (event.target as HTMLElement).dataset.value;
    if (value !== undefined) setFocusValue(value);
  };

  const onBlur = (event: FocusEvent<HTMLDivElement>) => {
    if (!event.currentTarget.contains(event.relatedTarget as Node | null))
      focusInside.current = false;
  };

  const scroll = (direction: -1 | 1) => {
    scroller?.scrollBy({ left: direction * scrollStep(scroller.clientWidth), behavior: 'smooth' });
  };

  return (
    <div className="chip-rail" data-stale={stale || undefined}>
      {edges.canScrollLeft && (
        <button
          type="button"
          tabIndex={-1}
          className="chip-rail__scroll chip-rail__scroll--left"
          aria-label={t('Scroll refinements left')}
          onClick={() => scroll(-1)}
        >
          <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d="M15.4 4 17 5.6 10.6 12l6.4 6.4-1.6 1.6-8-8z" />
          </svg>
        </button>
      )}
      <div
        ref={setScroller}
        role="toolbar"
        aria-label={t('Refine results')}
        className="chip-rail__chips"
        onKeyDown={onKeyDown}
        onFocus={onFocus}
        onBlur={onBlur}
      >
        {chips.map((chip, index) => (
          <ChipButton
            // Pressed chips lead the rail and keep their element. The suggestions after them are
            // new elements whenever the suggestions change, rather than the old ones sliding
            // sideways into new places when the narrowed response arrives, which would be a
            // layout shift well after the reader's press. Focus follows by value.
            key={chip.pressed ? chip.value : `${generation}:${chip.value}`}
            chip={chip}
            tabbable={index === focusIndex}
            register={register}
            onPress={(value, byPointer) => {
              pressedByPointer.current = byPointer;
              onChange(toggleRefinement(active, value, MAX_REFINEMENTS));
            }}
          />
        ))}
      </div>
      {edges.canScrollRight && (
        <button
          type="button"
          tabIndex={-1}
          className="chip-rail__scroll chip-rail__scroll--right"
          aria-label={t('Scroll refinements right')}
          onClick={() => scroll(1)}
        >
          <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d="M8.6 4 7 5.6 13.4 12 7 18.4 8.6 20l8-8z" />
          </svg>
        </button>
      )}
    </div>
  );
}
