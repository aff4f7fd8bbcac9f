/**
 * What the popup lists. With an empty box: the person's recent searches, then popular
 * searches (the server's suggestions for ""), without repeating a recent one. While typing:
 * the server's completions for the text.
 */
import type { Suggestion, SuggestionKind } from '@/contract/api';
import type { MatchRange } from './highlight-ranges';

/** Recent searches shown on an empty box (the store keeps more). */
export const MAX_RECENT_SHOWN = 5;
export const MAX_POPULAR_SHOWN = 6;

export type OptionSection = 'recent' | 'popular' | 'completions';

export interface ComboboxOption {
  text: string;
  kind: SuggestionKind;
  matches: readonly MatchRange[];
  section: OptionSection;
}

export interface OptionSources {
  /** The text suggestions are asked for (see suggestText); '' = empty box. */
  text: string;
  recent: readonly { text: string }[];
  /** The last suggestions received and the text they answer (possibly an older prefix). */
  suggestions: { q: string; suggestions: readonly Suggestion[] } | undefined;
}

const NO_MATCHES: readonly MatchRange[] = [];

/**
 * The key suggestions are cached under for what is in the box: leading spaces and repeated
 * spaces change nothing, case changes nothing (the server matches case-insensitively), but a
 * trailing space does ("cat " means the word is finished).
 */
export function suggestText(draft: string, maxLength: number): string {
  return draft.trimStart().replace(/\s+/g, ' ').toLowerCase().slice(0, maxLength);
}

function uniqueByText<T extends { text: string }>(items: readonly T[], seen: Set<string>): T[] {
  return items.filter((item) => {
    const key = item.text.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function buildOptions({ text, recent, suggestions }: OptionSources): ComboboxOption[] {
  const seen = new Set<string>();
  if (text === '') {
    const recentOptions = uniqueByText(recent, seen)
      .slice(0, MAX_RECENT_SHOWN)
      .map((r): ComboboxOption => ({
        text: r.text,
        kind: 'recent',
        matches: NO_MATCHES,
        section: 'recent',
      }));
    // Only an answer for "" is a popular list; an older prefix's answer is not.
    const popular = suggestions?.q === '' ? suggestions.suggestions : [];
    const popularOptions = uniqueByText(popular, seen)
      .slice(0, MAX_POPULAR_SHOWN)
      .map((s): ComboboxOption => ({ ...s, section: 'popular' }));
    return [...recentOptions, ...popularOptions];
  }
  // While a longer prefix loads, the previous prefix's completions stay (no flicker); popular
  // searches do not stand in for completions.
  if (!suggestions || suggestions.q === '') return [];
  return uniqueByText(suggestions.suggestions, seen).map((s): ComboboxOption => ({
    text: s.text,
    kind: s.kind,
    matches: s.matches,
    section: 'completions',
  }));
}
