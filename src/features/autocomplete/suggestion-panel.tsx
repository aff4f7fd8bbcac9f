import type { CSSProperties, MouseEvent } from 'react';
import type { ComboboxOption, OptionSection } from './model/build-options';
import { splitByRanges } from './model/highlight-ranges';
import { t } from '@/lib/i18n/i18n';

// The recent searches' store travels in this chunk: only the popup lists them, so the store and
// zustand's persist middleware stay off the first paint (search-combobox.tsx).
export { getRecentSearchesStore } from './recent/recent-searches-store';

const SECTION_LABELS: Record<OptionSection, (() => string) | null> = {
  recent: () => t('Recent searches'),
  popular: () => t('Popular searches'),
  completions: null,
};

/** Clicks in the panel must not take focus from the input (it would close the panel). */
const keepInputFocus = (event: MouseEvent) => event.preventDefault();

export interface SuggestionPanelProps {
  /** Base for element ids (from useId). */
  idBase: string;
  listboxId: string;
  optionId: (index: number) => string;
  options: readonly ComboboxOption[];
  activeIndex: number;
  expanded: boolean;
  /** The text the listed options answer ('' for recent + popular), for tests and the bench. */
  answers: string;
  onPick: (index: number) => void;
  onHover: (index: number) => void;
  onRemoveRecent: (text: string) => void;
  onClearRecent: () => void;
}

function OptionText({ option }: { option: ComboboxOption }) {
  return (
    <span className="autocomplete-option__text">
      {splitByRanges(option.text, option.matches).map((run, i) =>
        run.matched ? (
          <mark key={i} className="autocomplete-option__match">
            {run.text}
          </mark>
        ) : (
          run.text
        ),
      )}
    </span>
  );
}

function OptionIcon({ section }: { section: OptionSection }) {
  return (
    <svg
      className="autocomplete-option__icon"
      viewBox="0 0 24 24"
      aria-hidden="true"
      focusable="false"
    >
      {section === 'recent' ? (
        <path d="M12 2a10 10 0 1 1 0 20 10 10 0 0 1 0-20zm0 2a8 8 0 1 0 0 16 8 8 0 0 0 0-16zm1 3v4.6l3.2 3.2-1.4 1.4L11 12.4V7z" />
      ) : (
        <path d="M10 2a8 8 0 0 1 6.32 12.9l5.39 5.4-1.41 1.41-5.4-5.39A8 8 0 1 1 10 2zm0 2a6 6 0 1 0 0 12 6 6 0 0 0 0-12z" />
      )}
    </svg>
  );
}

/**
 * The combobox popup: one listbox (options grouped by section) plus, outside it, the buttons
 * that remove recent searches — interactive content may not live inside an option, so the
 * buttons sit in their own layer, lined up with their rows by fixed row heights (CSS).
 */
export function SuggestionPanel({
  idBase,
  listboxId,
  optionId,
  options,
  activeIndex,
  expanded,
  answers,
  onPick,
  onHover,
  onRemoveRecent,
  onClearRecent,
}: SuggestionPanelProps) {
  const sections: { section: OptionSection; start: number; options: ComboboxOption[] }[] = [];
  options.forEach((option, index) => {
    const last = sections.at(-1);
    if (last?.section === option.section) last.options.push(option);
    else sections.push({ section: option.section, start: index, options: [option] });
  });
  const recent = options.filter((o) => o.section === 'recent');

  const renderOption = (option: ComboboxOption, index: number) => (
    <div
      key={`${option.section}:${option.text}`}
      id={optionId(index)}
      role="option"
      aria-selected={index === activeIndex}
      className="autocomplete-option"
      data-section={option.section}
      onClick={() => onPick(index)}
      onPointerMove={() => index !== activeIndex && onHover(index)}
    >
      <OptionIcon section={option.section} />
      <OptionText option={option} />
    </div>
  );

  return (
    <div className="autocomplete-panel" hidden={!expanded} onMouseDown={keepInputFocus}>
      <div
        id={listboxId}
        role="listbox"
        aria-label={t('Search suggestions')}
        className="autocomplete-panel__list"
        data-answers={answers}
      >
        {sections.map(({ section, start, options: sectionOptions }) => {
          const label = SECTION_LABELS[section];
          if (!label) return sectionOptions.map((o, i) => renderOption(o, start + i));
          const headingId = `${idBase}-${section}`;
          return (
            <div
              key={section}
              role="group"
              aria-labelledby={headingId}
              className="autocomplete-group"
            >
              <div id={headingId} className="autocomplete-group__label">
                {label()}
              </div>
              {sectionOptions.map((o, i) => renderOption(o, start + i))}
            </div>
          );
        })}
      </div>
      {recent.length > 0 && (
        // Out of the Tab order: Tab leaves the combobox. Shift+Delete removes the active recent search.
        <div className="autocomplete-panel__actions">
          <button
            type="button"
            tabIndex={-1}
            className="autocomplete-panel__clear"
            aria-label={t('Clear recent searches')}
            onClick={onClearRecent}
          >
            {t('Clear')}
          </button>
          {recent.map((option, row) => (
            <button
              key={option.text}
              type="button"
              tabIndex={-1}
              className="autocomplete-panel__remove"
              style={{ '--row': row } as CSSProperties}
              aria-label={t('Remove {query} from recent searches', { query: option.text })}
              onClick={() => onRemoveRecent(option.text)}
            >
              <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                <path d="M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12l5.6 5.6-1.4 1.4-5.6-5.6L6.4 19 5 17.6l5.6-5.6L5 6.4z" />
              </svg>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
