/** The query_title_match feature: whole-word matching of a query against a pin title. */

/** Lower-cased letter/digit runs: the same split for queries and titles. */
export const words = (text: string): string[] =>
  text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);

const isAsciiWordChar = (code: number): boolean =>
  (code >= 97 && code <= 122) || (code >= 48 && code <= 57);
/** Anything beyond printable ASCII sends a title down the exact (Unicode) path. */
const NON_ASCII = /[^ -~\t\n\r]/;

/** Share of the query words that are words of the title (whole words, case-insensitive). */
export function queryTitleMatch(queryWords: readonly string[], title: string): number {
  if (queryWords.length === 0) return 0;
  const lower = title.toLowerCase();
  let hits = 0;
  if (NON_ASCII.test(lower)) {
    const titleWords = new Set(words(lower));
    for (const w of queryWords) if (titleWords.has(w)) hits++;
    return hits / queryWords.length;
  }
  // ASCII titles (almost all): look for each word with indexOf and check its boundaries, no allocation.
  for (const w of queryWords) {
    let from = 0;
    for (;;) {
      const at = lower.indexOf(w, from);
      if (at < 0) break;
      const end = at + w.length;
      if (
        (at === 0 || !isAsciiWordChar(lower.charCodeAt(at - 1))) &&
        (end === lower.length || !isAsciiWordChar(lower.charCodeAt(end)))
      ) {
        hits++;
        break;
      }
      from = at + 1;
    }
  }
  return hits / queryWords.length;
}
