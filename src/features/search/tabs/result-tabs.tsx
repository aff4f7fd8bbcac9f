import { useRef, type KeyboardEvent } from 'react';
import type { PinType } from '@/contract/constants';
import { t } from '@/lib/i18n/i18n';
import { resultTabId } from './tab-ids';

const TABS: readonly { type: PinType | undefined; label: () => string }[] = [
  { type: undefined, label: () => t('All') },
  { type: 'product', label: () => t('Products') },
  { type: 'video', label: () => t('Videos') },
];

/**
 * The tab an arrow, Home or End key moves focus to (wrapping), or null for other keys. The
 * arrows follow the screen: right to left, the next tab is the one on the left.
 */
export function nextTabIndex(
  key: string,
  current: number,
  count: number,
  rtl: boolean,
): number | null {
  const forward = key === 'ArrowRight' ? 1 : key === 'ArrowLeft' ? -1 : 0;
  if (forward !== 0) return (current + (rtl ? -forward : forward) + count) % count;
  if (key === 'Home') return 0;
  if (key === 'End') return count - 1;
  return null;
}

export interface ResultTabsProps {
  idPrefix: string;
  /** The panel the tabs control (the results). */
  panelId: string;
  selected: PinType | undefined;
  onSelect: (type: PinType | undefined) => void;
}

/**
 * All · Products · Videos, as the WAI-ARIA tabs pattern with manual activation: the selected tab
 * is the one Tab stop, arrow keys (following the screen in right-to-left languages), Home and
 * End move focus between tabs, Enter or Space (or a click) selects one. Selecting is a new
 * search, a history entry of its own (`type=` in the URL), so arrows only move focus: a search
 * per key press would fill the history.
 */
export function ResultTabs({ idPrefix, panelId, selected, onSelect }: ResultTabsProps) {
  const listRef = useRef<HTMLDivElement>(null);
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const tabs = [...(listRef.current?.querySelectorAll<HTMLButtonElement>('[role="tab"]') ?? [])];
    const current = tabs.indexOf(document.activeElement as HTMLButtonElement);
    if (current === -1) return;
    const rtl = getComputedStyle(event.currentTarget).direction === 'rtl';
    const next = nextTabIndex(event.key, current, tabs.length, rtl);
    if (next === null) return;
    event.preventDefault();
    tabs[next]!.focus();
  };
  return (
    <div
      ref={listRef}
      role="tablist"
      aria-label={t('Result types')}
      className="result-tabs"
      onKeyDown={onKeyDown}
    >
      {TABS.map(({ type, label }) => {
        const isSelected = type === selected;
        return (
          <button
            key={type ?? 'all'}
            type="button"
            role="tab"
            id={resultTabId(idPrefix, type)}
            aria-selected={isSelected}
            aria-controls={panelId}
            tabIndex={isSelected ? 0 : -1}
            className="result-tabs__tab"
            onClick={() => {
              if (!isSelected) onSelect(type);
            }}
          >
            {label()}
          </button>
        );
      })}
    </div>
  );
}
