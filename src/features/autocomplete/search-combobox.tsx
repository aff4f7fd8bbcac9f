import {
  useId,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
  type ChangeEvent,
  type CompositionEvent,
  type FormEvent,
  type KeyboardEvent,
} from 'react';
import { MAX_QUERY_LENGTH } from '@/contract/constants';
import { lazyModule } from '@/lib/lazy/lazy-module';
import { useLazyModule } from '@/lib/lazy/use-lazy-module';
import { useSuggestions } from './api/get-suggestions';
import { buildOptions, suggestText } from './model/build-options';
import {
  activeIndex as activeIndexOf,
  CLOSED,
  isComboboxKey,
  isExpanded,
  OPENED,
  transition,
  type ComboboxState,
} from './model/combobox-machine';
import type { RecentSearch } from './recent/recent-searches';
// Types only: the store itself comes with the panel's chunk (below).
import type { RecentSearchesStore } from './recent/recent-searches-store';
import { SuggestionPanelPending } from './suggestion-panel-pending';
import './autocomplete.css';
import { t } from '@/lib/i18n/i18n';

/**
 * The popup is a chunk of its own: the first paint needs only the input. It is fetched when the
 * page is idle (the app preloads it) or, at the latest, when the popup first opens. The recent
 * searches' store comes with it (with zustand's persist middleware, ~1 kB of the first paint's
 * gzipped budget): only the popup lists them, and a search records one after the chunk is in.
 */
export const suggestionPanelModule = lazyModule(() => import('./suggestion-panel'));

const NO_RECENT: readonly RecentSearch[] = [];
const noSubscription = () => () => {};

/** The store's items once the popup's chunk is in; none before (the popup is not shown then). */
function useRecentItems(store: RecentSearchesStore | null): readonly RecentSearch[] {
  return useSyncExternalStore(store ? store.subscribe : noSubscription, () =>
    store ? store.getState().items : NO_RECENT,
  );
}

/** Records a search in the recent ones, once the popup's chunk (which holds the store) is in. */
function addRecentSearch(text: string): void {
  suggestionPanelModule
    .load()
    .then((panel) => panel.getRecentSearchesStore().getState().add(text))
    .catch(() => undefined);
}

/** Chromium reports keys that belong to an IME composition with this keyCode. */
const IME_PROCESS_KEY_CODE = 229;

export interface SearchComboboxProps {
  /** The URL's query; null (a closeup) leaves the box as it is, so the last search stays visible. */
  q: string | null;
  /** Runs a search for normalized, non-empty text. */
  onSearch: (text: string) => void;
}

/**
 * The header search box as a WAI-ARIA 1.2 combobox: suggestions while typing, recent and
 * popular searches on an empty box. Focus never leaves the input; the keyboard model lives
 * in model/combobox-machine.ts.
 */
export function SearchCombobox({ q, onSearch }: SearchComboboxProps) {
  const id = useId();
  const listboxId = `${id}-listbox`;
  const optionId = (index: number) => `${id}-option-${index}`;
  const inputRef = useRef<HTMLInputElement>(null);
  const composing = useRef(false);

  // The draft is what the input shows; `typed` is what suggestions are for. They differ only
  // while an IME composes, when half-built text must not be sent.
  const [draft, setDraft] = useState(q ?? '');
  const [typed, setTyped] = useState(q ?? '');
  const [shownQ, setShownQ] = useState(q);
  const [ui, setUi] = useState<ComboboxState>(CLOSED);
  if (q !== null && q !== shownQ) {
    // Back/forward or a link changed the query: show it (adjusting state during render, not in an effect).
    setShownQ(q);
    setDraft(q);
    setTyped(q);
  }

  const panel = useLazyModule(suggestionPanelModule, ui.open);
  const recentStore = panel.status === 'loaded' ? panel.value.getRecentSearchesStore() : null;
  const recent = useRecentItems(recentStore);
  const text = suggestText(typed, MAX_QUERY_LENGTH);
  const { data } = useSuggestions(text, { enabled: ui.open });
  const options = useMemo(
    () => buildOptions({ text, recent, suggestions: data }),
    [text, recent, data],
  );
  // Without the panel's chunk there are no option elements to point at: no active option, and a
  // chunk that failed to load (offline) leaves a plain search box until the next open retries it.
  const expanded = panel.status !== 'failed' && isExpanded(ui, options.length);
  const active = panel.status === 'loaded' ? activeIndexOf(ui, options.length) : -1;

  const search = (raw: string) => {
    const normalized = raw.trim().replace(/\s+/g, ' ').slice(0, MAX_QUERY_LENGTH);
    setUi(CLOSED);
    if (!normalized) return;
    addRecentSearch(normalized);
    setDraft(normalized);
    setTyped(normalized);
    onSearch(normalized);
  };

  const onChange = (event: ChangeEvent<HTMLInputElement>) => {
    const { value } = event.target;
    setDraft(value);
    if (!composing.current) setTyped(value);
    setUi(OPENED);
  };

  const onCompositionEnd = (event: CompositionEvent<HTMLInputElement>) => {
    composing.current = false;
    setTyped(event.currentTarget.value);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    // Keys that confirm or navigate an IME composition are the IME's, not ours.
    if (event.nativeEvent.isComposing || event.keyCode === IME_PROCESS_KEY_CODE) return;
    if (event.key === 'Delete' && event.shiftKey && options[active]?.section === 'recent') {
      event.preventDefault();
      recentStore?.getState().remove(options[active].text);
      return;
    }
    if (!isComboboxKey(event.key) || event.altKey || event.ctrlKey || event.metaKey) return;
    const next = transition(ui, event.key, { count: options.length, hasText: draft !== '' });
    if (next.preventDefault) event.preventDefault();
    setUi(next.state);
    const { effect } = next;
    if (effect.type === 'search') {
      search(effect.index === null ? draft : (options[effect.index]?.text ?? draft));
    } else if (effect.type === 'clear') {
      setDraft('');
      setTyped('');
    }
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    // Reached without our Enter handler (e.g. a virtual keyboard's submit): search the text.
    event.preventDefault();
    search(draft);
    if (!draft.trim()) inputRef.current?.focus();
  };

  return (
    // action/method keep the form working before the script loads: the server falls back to index.html.
    <form role="search" className="search-form" action="/search" method="get" onSubmit={onSubmit}>
      <svg className="search-form__icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <path d="M10 2a8 8 0 0 1 6.32 12.9l5.39 5.4-1.41 1.41-5.4-5.39A8 8 0 1 1 10 2zm0 2a6 6 0 1 0 0 12 6 6 0 0 0 0-12z" />
      </svg>
      <input
        ref={inputRef}
        className="search-form__input"
        type="search"
        name="q"
        role="combobox"
        aria-label={t('Search ideas')}
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listboxId}
        aria-activedescendant={active >= 0 ? optionId(active) : undefined}
        placeholder={t('Search ideas')}
        autoComplete="off"
        enterKeyHint="search"
        spellCheck={false}
        maxLength={MAX_QUERY_LENGTH}
        value={draft}
        onChange={onChange}
        onFocus={() => setUi(OPENED)}
        onBlur={() => setUi(CLOSED)}
        onClick={() => !ui.open && setUi(OPENED)}
        onKeyDown={onKeyDown}
        onCompositionStart={() => (composing.current = true)}
        onCompositionEnd={onCompositionEnd}
      />
      {panel.status !== 'loaded' ? (
        <SuggestionPanelPending listboxId={listboxId} expanded={expanded} />
      ) : (
        <panel.value.SuggestionPanel
          idBase={id}
          listboxId={listboxId}
          optionId={optionId}
          options={options}
          activeIndex={active}
          expanded={expanded}
          answers={text === '' ? '' : (data?.q ?? '')}
          onPick={(index) => search(options[index]?.text ?? draft)}
          onHover={(index) => setUi({ open: true, active: index })}
          onRemoveRecent={(item) => recentStore?.getState().remove(item)}
          onClearRecent={() => recentStore?.getState().clear()}
        />
      )}
    </form>
  );
}
