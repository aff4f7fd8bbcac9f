/**
 * Query-string parsing with the browser's (WHATWG URLSearchParams) rules, so the
 * server reads a URL exactly as the SPA wrote it:
 * - `+` is a space; a `%` not followed by two hex digits stays a literal `%`
 *   (`?q=100%` searches for "100%"), never an exception;
 * - percent-decoded bytes are read as UTF-8 and invalid sequences (`%FF`,
 *   `%E0%A4%A`, an encoded lone surrogate `%ED%A0%80`) become U+FFFD, so no
 *   handler ever sees a malformed string;
 * - a repeated key becomes an array; the schemas decide whether that is
 *   allowed (`refine` may repeat, `q`/`cursor`/`limit` may not → 400).
 * The result has no prototype, so `__proto__=x` is just an unknown parameter.
 */
export type ParsedQuery = Record<string, string | string[]>;

export function parseQueryString(raw: string): ParsedQuery {
  const result: ParsedQuery = Object.create(null) as ParsedQuery;
  for (const [key, value] of new URLSearchParams(raw)) {
    const existing = result[key];
    if (existing === undefined) result[key] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else result[key] = [existing, value];
  }
  return result;
}
