import type { MouseEvent } from 'react';
import type { SuggestionPanelProps } from './suggestion-panel';
import { t } from '@/lib/i18n/i18n';

const keepInputFocus = (event: MouseEvent) => event.preventDefault();

/**
 * Stands in for the suggestion panel until its chunk is in: the listbox the input's
 * aria-controls names exists from the first paint, and a reader who opens the popup before
 * the chunk arrives is told it is coming.
 */
export function SuggestionPanelPending({
  listboxId,
  expanded,
}: Pick<SuggestionPanelProps, 'listboxId' | 'expanded'>) {
  return (
    <div className="autocomplete-panel" hidden={!expanded} onMouseDown={keepInputFocus}>
      <div
        id={listboxId}
        role="listbox"
        aria-label={t('Search suggestions')}
        className="autocomplete-panel__list"
      />
      <p role="status" className="autocomplete-panel__pending">
        {expanded && t('Loading suggestions…')}
      </p>
    </div>
  );
}
