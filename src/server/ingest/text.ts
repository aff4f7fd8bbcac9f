/** Small pure text helpers shared by the source adapters. */

/** Tags as the index stores them: trimmed, whitespace-collapsed, lowercased, no empties, no duplicates. */
export function normalizeTags(tags: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const tag of tags) {
    const t = tag.normalize('NFKC').replace(/\s+/gu, ' ').trim().toLowerCase();
    if (t) out.add(t);
  }
  return [...out];
}

/** "a, b ,c" → ["a","b","c"] (not normalized). */
export const splitCommaList = (text: string): string[] => text.split(',');

/** First letter upper-cased, the rest untouched. */
export const capitalize = (text: string): string =>
  text ? text[0]!.toUpperCase() + text.slice(1) : text;

/** A folder slug as a readable label: "signs_and_symbols" → "Signs & symbols", "map-symbols" → "Map symbols". */
export function humanizeSlug(slug: string): string {
  const words = slug
    .split(/[-_\s]+/u)
    .filter(Boolean)
    .map((w) => (w.toLowerCase() === 'and' ? '&' : w.toLowerCase()));
  return capitalize(words.join(' '));
}

/** "bb_mail_new.svg" → "bb mail new"; used when a file's own title is a collection name. */
export function titleFromFileName(fileName: string): string {
  return fileName
    .replace(/\.[a-z0-9]+$/iu, '')
    .replace(/[-_.]+/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * Decodes XML character data: the five predefined entities and numeric references (invalid
 * code points are dropped), CDATA sections unwrapped, whitespace collapsed. Never evaluates
 * DTD-declared entities (files declaring any are rejected before this point anyway).
 */
export function decodeXmlText(raw: string): string {
  return raw
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/gu, (_m, body: string) =>
      body.replace(/&/gu, '&amp;').replace(/</gu, '&lt;'),
    )
    .replace(/<[^>]*>/gu, ' ')
    .replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/giu, (whole, ref: string) => {
      if (ref[0] !== '#') return NAMED_ENTITIES[ref] ?? whole;
      const code =
        ref[1] === 'x' || ref[1] === 'X'
          ? Number.parseInt(ref.slice(2), 16)
          : Number.parseInt(ref.slice(1), 10);
      const valid = code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
      return valid ? String.fromCodePoint(code) : '';
    })
    .replace(/\s+/gu, ' ')
    .trim();
}

/** Cuts text to at most `max` characters on a word boundary when possible, adding "…". */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  // The cut already ends a word when the next character is a space.
  const space = /\s/u.test(text[max - 1]!) ? cut.length : cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
