import { useRef, useState, type FormEvent } from 'react';
import { MAX_QUERY_LENGTH } from '@/lib/api-client/contract-constants';
import { navigate } from '@/lib/url-state/history-store';
import { normalizeQuery, searchHref } from '@/lib/url-state/routes';

/**
 * The header search box. The URL owns the query; the field only holds what is
 * being typed. `q` null (a closeup) leaves the field as it is, so the last search stays visible.
 */
export function SearchForm({ q }: { q: string | null }) {
  const inputRef = useRef<HTMLInputElement>(null);
  const [draft, setDraft] = useState(q ?? '');
  const [shownQ, setShownQ] = useState(q);
  if (q !== null && q !== shownQ) {
    // Back/forward or a tag link changed the query: show it (adjusting state during render, not in an effect).
    setShownQ(q);
    setDraft(q);
  }

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const text = normalizeQuery(draft);
    if (!text) {
      inputRef.current?.focus();
      return;
    }
    navigate(searchHref(text));
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
        aria-label="Search ideas"
        placeholder="Search ideas"
        autoComplete="off"
        enterKeyHint="search"
        spellCheck={false}
        maxLength={MAX_QUERY_LENGTH}
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
      />
    </form>
  );
}
