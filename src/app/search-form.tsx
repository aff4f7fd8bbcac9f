import { SearchCombobox } from '@/features/autocomplete/search-combobox';
import { navigate } from '@/lib/url-state/history-store';
import { searchHref } from '@/lib/url-state/routes';

const runSearch = (text: string) => navigate(searchHref(text));

/**
 * The header search box: the autocomplete feature's combobox, wired to the router. The URL
 * owns the query; a new search drops refinements and exact mode.
 */
export function SearchForm({ q }: { q: string | null }) {
  return <SearchCombobox q={q} onSearch={runSearch} />;
}
